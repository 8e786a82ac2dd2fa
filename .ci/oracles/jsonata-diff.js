#!/usr/bin/env node
// Differential check of asl-jsonata against jsonata-js 2.0.6 (the version Step Functions runs).
// Usage: node .ci/oracles/jsonata-diff.js CASES.jsonl
// CASES.jsonl comes from `cargo run -p asl-jsonata --example jsonata_differential -- COUNT SEED`:
// a first line {"inputs": [...]}, then one {"expr", "input", "ours"} per case. A case agrees when
// both give the same JSON value, both give undefined, or both fail with the same error code.
// Exits 1 when any case disagrees, printing the first ones.
'use strict';
const fs = require('fs');
const path = require('path');
const jsonata = require(path.join(__dirname, '..', 'jsonata', 'node_modules', 'jsonata'));

function same(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => kb[i] === k && same(a[k], b[k]));
}

async function theirs(expr, input) {
  try {
    const value = await jsonata(expr).evaluate(input);
    if (value === undefined) return { undefined: true };
    const text = JSON.stringify(value);
    return text === undefined ? { undefined: true } : { value: JSON.parse(text) };
  } catch (e) {
    return { code: e.code || 'JS:' + String(e.message || e), message: e.message };
  }
}

function agree(ours, them) {
  // A JavaScript exception (no JSONata code, e.g. "Maximum call stack size exceeded"):
  // any error of ours agrees.
  if ('code' in ours && 'code' in them && them.code.startsWith('JS:')) return true;
  if ('code' in ours || 'code' in them) return ours.code === them.code;
  if (ours.undefined || them.undefined) return !!ours.undefined === !!them.undefined;
  return same(ours.value, them.value);
}

async function main() {
  const file = process.argv[2];
  if (!file) { console.error('usage: jsonata-diff.js CASES.jsonl'); process.exit(2); }
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const { inputs } = JSON.parse(lines[0]);
  let agreed = 0, values = 0, errors = 0;
  const wrong = [];
  for (const line of lines.slice(1)) {
    const c = JSON.parse(line);
    const them = await theirs(c.expr, inputs[c.input]);
    if (agree(c.ours, them)) {
      agreed++;
      if ('code' in them) errors++; else values++;
    } else {
      wrong.push({ expr: c.expr, input: c.input, ours: c.ours, jsonata: them });
    }
  }
  const total = lines.length - 1;
  for (const w of wrong.slice(0, 25)) console.log('DIFFER', JSON.stringify(w));
  console.log(`jsonata-js 2.0.6 vs asl-jsonata: ${agreed}/${total} agree (${values} values, ${errors} same error codes), ${wrong.length} differ`);
  process.exit(wrong.length ? 1 : 0);
}

main();
