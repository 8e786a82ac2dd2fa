#!/usr/bin/env python3
"""Execution oracle: run the cases of tests/executions/*.json on moto's ASL interpreter.

    .ci/venv/bin/python .ci/oracles/sfn_exec.py [-v] [-k SUBSTRING] MANIFEST.json...

The manifest format is defined in tests/executions/README.md. For every case this
prints `ok   NAME`, `FAIL NAME: reason` or `skip NAME: reason`, and closes with
`moto: N passed, N failed[, N skipped]`. Exit status 1 on any failure, 2 on a usage or
manifest error.

moto (5.2.5) carries LocalStack's ASL interpreter; it is switched on with the
`execute_state_machine` config. Workarounds (see shared/ORACLES.md, section 2):
  - moto's JSONata engine is a stub: jsonata-python is plugged in.
  - Preprocessor._query_language_per_scope leaks between definitions: cleared per case.
  - Lambda tasks run on moto's "simple" Lambda backend (no docker). Results come from
    lambda_simple_results_queue; its invoke is wrapped so that a `{"$throw": ...}` entry
    becomes a function error (x-amz-function-error: Unhandled), a `{"$echo": true}` entry
    returns the payload, and a call beyond the scripted results fails with
    Oracle.UnscriptedLambdaCall (and fails the case) instead of silently echoing.
Every case runs in its own mock_aws() context, so AWS resources never leak between cases.
"""
from __future__ import annotations

import argparse
import collections
import copy
import json
import logging
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGION = "us-east-1"

try:
    import boto3
    import jsonata
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID as ACCOUNT
    import moto.awslambda_simple.models as lambda_simple
    import moto.stepfunctions.parser.asl.jsonata.jsonata as moto_jsonata
    from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor
except ImportError as e:  # fail loudly: a missing oracle must not look like a pass
    print(f"sfn_exec.py: cannot import the oracle's packages ({e}); "
          "install them: python3 -m venv .ci/venv && "
          ".ci/venv/bin/pip install -r .ci/oracles/requirements.txt", file=sys.stderr)
    sys.exit(2)

# --- workaround 1: moto ships its JSONata (JVM bridge) stubbed out -----------------------
moto_jsonata._eval_jsonata = lambda expr: json.loads(
    json.dumps(jsonata.Jsonata(expr).evaluate(None)))

# --- scripted Lambda results -------------------------------------------------------------
THROW = "$throw"
ECHO = "$echo"
_stats = {"unscripted_calls": 0, "calls": 0}
_orig_invoke = lambda_simple.LambdaSimpleBackend.invoke


def _is_throw(value) -> bool:
    return isinstance(value, dict) and set(value) == {THROW}


def _scripted_invoke(self, function_name, qualifier, body, headers, response_headers):
    _stats["calls"] += 1
    if not self.lambda_simple_results_queue:
        # The simple backend would echo the payload, which can turn a polling loop into an
        # endless one. Fail the call instead; the case is reported as failed.
        _stats["unscripted_calls"] += 1
        response_headers["x-amz-function-error"] = "Unhandled"
        return json.dumps({"errorType": "Oracle.UnscriptedLambdaCall",
                           "errorMessage": f"no task_results entry left for {function_name}"}).encode()
    entry = json.loads(self.lambda_simple_results_queue[0])
    if isinstance(entry, dict) and set(entry) == {ECHO}:
        self.lambda_simple_results_queue.pop(0)
        return body if isinstance(body, bytes) else (body or "").encode()
    if _is_throw(entry):
        self.lambda_simple_results_queue.pop(0)
        err = entry[THROW]
        response_headers["x-amz-function-error"] = "Unhandled"
        return json.dumps({"errorType": err["Error"],
                           "errorMessage": err.get("Cause", "")}).encode()
    return _orig_invoke(self, function_name, qualifier, body, headers, response_headers)


lambda_simple.LambdaSimpleBackend.invoke = _scripted_invoke

CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


class ManifestError(Exception):
    pass


CASE_KEYS = {"name", "definition", "input", "task_results", "substitutions", "overrides",
             "services", "expect", "skip", "note", "moto"}
EXPECT_KEYS = {"status", "output", "output_includes", "error", "cause", "states"}
MOTO_KEYS = {"setup", "skip", "expect", "timeout_seconds", "note"}
STATUSES = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}


def check_case(c: dict, where: str) -> None:
    def need(cond, msg):
        if not cond:
            raise ManifestError(f"{where}: {msg}")
    need(isinstance(c, dict), "a case must be an object")
    need(isinstance(c.get("name"), str) and c["name"], "missing \"name\"")
    where = f"{where} ({c['name']})"
    unknown = set(c) - CASE_KEYS
    need(not unknown, f"unknown keys {sorted(unknown)}")
    need(isinstance(c.get("definition"), str), "missing \"definition\" (path from the repo root)")
    need((REPO / c["definition"]).is_file(), f"definition {c['definition']} does not exist")
    need("input" in c, "missing \"input\"")
    need(isinstance(c.get("task_results", []), list), "\"task_results\" must be a list")
    for s in c.get("substitutions", []):
        need(isinstance(s, dict) and set(s) == {"replace", "with"}
             and all(isinstance(v, str) for v in s.values()),
             "each substitution is {\"replace\": STRING, \"with\": STRING}")
    need(isinstance(c.get("overrides", {}), dict), "\"overrides\" maps JSON Pointer -> value")
    need(isinstance(c.get("services", []), list), "\"services\" must be a list")
    need("skip" in c or isinstance(c.get("expect"), dict), "missing \"expect\"")
    need(isinstance(c.get("skip", ""), str), "\"skip\" is a reason string")
    e = c.get("expect", {})
    unknown = set(e) - EXPECT_KEYS
    need(not unknown, f"unknown expect keys {sorted(unknown)}")
    need("skip" in c or e.get("status") in STATUSES, f"expect.status must be one of {sorted(STATUSES)}")
    need(not ("output" in e and "output_includes" in e), "give output or output_includes, not both")
    need(isinstance(e.get("states", []), list), "expect.states must be a list")
    m = c.get("moto", {})
    need(isinstance(m, dict) and not (set(m) - MOTO_KEYS), f"\"moto\" allows only {sorted(MOTO_KEYS)}")
    unknown = set(m.get("expect", {})) - EXPECT_KEYS
    need(isinstance(m.get("expect", {}), dict) and not unknown, f"unknown moto.expect keys {sorted(unknown)}")
    need("expect" not in m or isinstance(m.get("note"), str),
         "moto.expect (a known moto deviation) needs a moto.note saying why")
    for r in c.get("task_results", []):
        if isinstance(r, dict) and THROW in r:
            need(set(r) == {THROW} and isinstance(r[THROW], dict)
                 and isinstance(r[THROW].get("Error"), str) and set(r[THROW]) <= {"Error", "Cause"},
                 f"a {THROW} task result is {{\"{THROW}\": {{\"Error\": STRING, \"Cause\": STRING}}}}")
        if isinstance(r, dict) and ECHO in r:
            need(r == {ECHO: True}, f"an {ECHO} task result is {{\"{ECHO}\": true}}")
    for call in m.get("setup", []):
        need(isinstance(call, dict) and {"client", "method"} <= set(call) <= {"client", "method", "args"},
             "each moto.setup entry is {\"client\", \"method\", \"args\"}")


def load_manifest(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise ManifestError(f"{path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise ManifestError(f"{path}: a manifest is an object with a \"cases\" list")
    names = set()
    for i, c in enumerate(data["cases"]):
        check_case(c, f"{path}: case {i}")
        if c["name"] in names:
            raise ManifestError(f"{path}: duplicate case name {c['name']}")
        names.add(c["name"])
    return data["cases"]


# --- definition preparation --------------------------------------------------------------
def _pointer_parts(ptr: str) -> list[str]:
    if not ptr.startswith("/"):
        raise ManifestError(f"override {ptr!r} is not a JSON Pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def apply_override(doc, ptr: str, value):
    parts = _pointer_parts(ptr)
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        if last not in node:
            raise KeyError(ptr)
        node[last] = value


def prepare_definition(case: dict) -> str:
    text = (REPO / case["definition"]).read_text()
    for s in case.get("substitutions", []):
        if s["replace"] not in text:
            raise ManifestError(f"substitution {s['replace']!r} matches nothing in {case['definition']}")
        text = text.replace(s["replace"], s["with"])
    doc = json.loads(text)
    for ptr, value in case.get("overrides", {}).items():
        try:
            apply_override(doc, ptr, value)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise ManifestError(f"override {ptr} does not point into {case['definition']}") from e
    return json.dumps(doc)


def top_level_states(definition: str) -> set[str]:
    return set(json.loads(definition).get("States", {}))


# --- comparison --------------------------------------------------------------------------
def _scalar_eq(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def json_eq(actual, expected) -> bool:
    """JSON equality (1 == 1.0, but true != 1)."""
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and actual.keys() == expected.keys()
                and all(json_eq(actual[k], v) for k, v in expected.items()))
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(json_eq(a, e) for a, e in zip(actual, expected)))
    return _scalar_eq(actual, expected)


def includes(actual, expected) -> bool:
    """Expected is a sub-document of actual: objects may have extra keys; arrays and scalars equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and includes(actual[k], v)
                                                for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(includes(a, e) for a, e in zip(actual, expected)))
    return _scalar_eq(actual, expected)


def j(v) -> str:
    s = json.dumps(v, sort_keys=True)
    return s if len(s) <= 400 else s[:400] + "..."


def compare(expect: dict, res: dict, top: set[str]) -> list[str]:
    problems = []
    if res["status"] != expect["status"]:
        problems.append(f"status {res['status']} != expected {expect['status']}"
                        + (f" (error {res.get('error')}: {str(res.get('cause'))[:300]})"
                           if res.get("error") else ""))
    for k in ("error", "cause"):
        if k in expect and res.get(k) != expect[k]:
            problems.append(f"{k} {res.get(k)!r} != expected {expect[k]!r}")
    if "output" in expect and not json_eq(res.get("output"), expect["output"]):
        problems.append(f"output {j(res.get('output'))} != expected {j(expect['output'])}")
    if "output_includes" in expect and not includes(res.get("output"), expect["output_includes"]):
        problems.append(f"output {j(res.get('output'))} does not include {j(expect['output_includes'])}")
    if "states" in expect:
        want, got = expect["states"], res["states"]
        want_top = [s for s in want if s in top]
        got_top = [s for s in got if s in top]
        if want_top != got_top:
            problems.append(f"top-level states {got_top} != expected {want_top}")
        if collections.Counter(want) != collections.Counter(got):
            problems.append(f"states entered {got} != expected (as a multiset) {want}")
    return problems


# --- running one case --------------------------------------------------------------------
def run_case(case: dict, n: int, verbose: bool) -> list[str]:
    definition = prepare_definition(case)
    moto_cfg = case.get("moto", {})
    timeout = float(moto_cfg.get("timeout_seconds", 30))
    with mock_aws(config=CONFIG):
        for call in moto_cfg.get("setup", []):
            client = boto3.client(call["client"], region_name=REGION)
            getattr(client, call["method"])(**call.get("args", {}))
        queue = lambda_simple.lambda_simple_backends[ACCOUNT][REGION].lambda_simple_results_queue
        queue.clear()
        queue.extend(json.dumps(r) for r in case.get("task_results", []))
        _stats.update(calls=0, unscripted_calls=0)
        sfn = boto3.client("stepfunctions", region_name=REGION)
        Preprocessor._query_language_per_scope.clear()  # workaround 2: moto parser state leak
        try:
            arn = sfn.create_state_machine(name=f"case{n}", definition=definition,
                                           roleArn=f"arn:aws:iam::{ACCOUNT}:role/sfn")["stateMachineArn"]
        except Exception as e:  # noqa: BLE001 - report any rejection as a failure
            return [f"create_state_machine rejected the definition: {str(e)[:500]}"]
        ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps(case["input"]))["executionArn"]
        deadline = time.time() + timeout
        while (d := sfn.describe_execution(executionArn=ex))["status"] == "RUNNING":
            if time.time() > deadline:
                # Stop it and let the worker thread see that before the mock goes away.
                sfn.stop_execution(executionArn=ex, error="Oracle.Timeout")
                stop_deadline = time.time() + 10
                while (sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
                       and time.time() < stop_deadline):
                    time.sleep(0.05)
                return [f"still RUNNING after {timeout:.0f} s (a Wait or retry interval not substituted?)"]
            time.sleep(0.02)
        events, token = [], None
        while True:
            kw = {"nextToken": token} if token else {}
            page = sfn.get_execution_history(executionArn=ex, maxResults=1000, **kw)
            events += page["events"]
            token = page.get("nextToken")
            if not token:
                break
        res = {
            "status": d["status"],
            "output": json.loads(d["output"]) if d.get("output") is not None else None,
            "error": d.get("error"),
            "cause": d.get("cause"),
            "states": [e["stateEnteredEventDetails"]["name"] for e in events
                       if e["type"].endswith("StateEntered")],
        }
        leftover = list(queue)
    if verbose:
        print(f"     result: {json.dumps(res)}")
    expect = {**case["expect"], **moto_cfg.get("expect", {})}  # documented moto deviations
    problems = compare(expect, res, top_level_states(definition))
    if leftover:
        problems.append(f"{len(leftover)} task_results not consumed (fewer Lambda calls than scripted)")
    if _stats["unscripted_calls"]:
        problems.append(f"{_stats['unscripted_calls']} Lambda call(s) beyond task_results "
                        "(each failed with Oracle.UnscriptedLambdaCall)")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("manifests", nargs="+", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="print each actual result")
    ap.add_argument("-k", dest="only", help="run only cases whose name contains this")
    args = ap.parse_args()
    if not args.verbose:  # the interpreter logs every caught error at WARNING/ERROR
        logging.disable(logging.CRITICAL)

    try:
        cases = [(m, c) for m in args.manifests for c in load_manifest(m)]
    except ManifestError as e:
        print(f"sfn_exec.py: manifest error: {e}", file=sys.stderr)
        print("moto: 0 passed, 1 failed")
        return 2

    passed = failed = skipped = 0
    for n, (manifest, case) in enumerate(cases):
        name = case["name"]
        if args.only and args.only not in name:
            continue
        reason = case.get("skip") or case.get("moto", {}).get("skip")
        if reason:
            skipped += 1
            print(f"skip {name}: {reason}", flush=True)
            continue
        t0 = time.time()
        try:
            problems = run_case(copy.deepcopy(case), n, args.verbose)
        except ManifestError as e:
            problems = [f"manifest: {e}"]
        except Exception as e:  # noqa: BLE001
            problems = [f"runner exception: {e!r}"]
            if args.verbose:
                traceback.print_exc()
        dt = time.time() - t0
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems), flush=True)
        else:
            passed += 1
            dev = case.get("moto", {}).get("expect")
            print(f"ok   {name} ({dt:.2f} s" + (f"; moto deviation on {', '.join(sorted(dev))}" if dev else "")
                  + ")", flush=True)
    print(f"moto: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
