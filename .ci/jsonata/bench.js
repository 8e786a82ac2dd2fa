// Baseline of asl-jsonata's benchmark (asl-jsonata/examples/suite_bench.rs): times jsonata-js
// 2.0.6 over the cases in FILE (one {expr, input, bindings} per line), ROUNDS passes of
// compile+evaluate, then ROUNDS passes of evaluate over the compiled expressions. Prints JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const jsonata = require(path.join(__dirname, 'node_modules', 'jsonata'));

async function main() {
  const [file, roundsText] = process.argv.slice(2);
  const rounds = Number(roundsText || 20);
  const cases = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const evaluate = async (compiled, c) => {
    try {
      await compiled.evaluate(c.input, c.bindings);
    } catch (e) { /* errors are outcomes too */ }
  };
  let start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      let compiled;
      try { compiled = jsonata(c.expr); } catch (e) { continue; }
      await evaluate(compiled, c);
    }
  }
  const full = Number(process.hrtime.bigint() - start) / 1e6;
  const compiled = cases.map((c) => { try { return jsonata(c.expr); } catch (e) { return null; } });
  start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      if (compiled[i]) await evaluate(compiled[i], cases[i]);
    }
  }
  const evalOnly = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ cases: cases.length, parse_evaluate_ms: full, evaluate_ms: evalOnly }) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
