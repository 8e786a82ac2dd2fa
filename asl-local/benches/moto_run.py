#!/usr/bin/env python3
"""Runs one ASL definition on moto's interpreter and prints one JSON line:
{"status": ..., "seconds": <start_execution until the execution stops>, "transitions": <states entered>}.

    .ci/venv/bin/python asl-local/benches/moto_run.py DEFINITION.json INPUT.json

Used by asl-local's throughput bench (benches/throughput.rs) to compare per-transition rates.
moto setup, imports and create_state_machine are not timed. The execution is polled every 2 ms.
"""
import json
import logging
import sys
import time

import boto3
import jsonata
import moto.stepfunctions.parser.asl.jsonata.jsonata as moto_jsonata
from moto import mock_aws
from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor

# moto ships its JSONata engine (a JVM bridge) stubbed out; jsonata-python stands in, as in
# .ci/oracles/sfn_exec.py. Variables and JSONata states need it.
moto_jsonata._eval_jsonata = lambda expr: json.loads(json.dumps(jsonata.Jsonata(expr).evaluate(None)))

logging.disable(logging.CRITICAL)
CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


def main() -> int:
    definition, input_file = sys.argv[1], sys.argv[2]
    with mock_aws(config=CONFIG):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        Preprocessor._query_language_per_scope.clear()  # moto parser state leak (shared/ORACLES.md)
        arn = sfn.create_state_machine(name="bench", definition=open(definition).read(),
                                       roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
        t0 = time.perf_counter()
        ex = sfn.start_execution(stateMachineArn=arn, input=open(input_file).read())["executionArn"]
        while (d := sfn.describe_execution(executionArn=ex))["status"] == "RUNNING":
            time.sleep(0.002)
        seconds = time.perf_counter() - t0
        entered, token = 0, None
        while True:
            page = sfn.get_execution_history(executionArn=ex, maxResults=1000, **({"nextToken": token} if token else {}))
            entered += sum(1 for e in page["events"] if e["type"].endswith("StateEntered"))
            token = page.get("nextToken")
            if not token:
                break
    print(json.dumps({"status": d["status"], "seconds": seconds, "transitions": entered}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
