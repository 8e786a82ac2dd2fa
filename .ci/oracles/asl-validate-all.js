#!/usr/bin/env node
// Static ASL oracle: asl-validator 4.0.0 (npm), through its JS API, in one node process.
//
//   node .ci/oracles/asl-validate-all.js PATH...
//
// PATH is a file or a directory; directories are walked recursively for `*.asl.json`.
// Every file must be accepted, except files whose basename contains "invalid", which must
// be rejected. Prints one line per file (`ok`, `FAIL`, `skip`) and closes with
// `asl-validator: N passed, N failed`; exits 1 on any failure (or on no file at all).
//
// Per-file configuration, next to this script:
//   asl-validator-skip.txt     basenames not checked at all (asl-validator known wrong)
//   asl-validator-options.txt  basename -> option overrides, e.g. `checkArn=false`
// Install the validator first: npm ci --prefix .ci/asl-tools --no-audit --no-fund
'use strict';
const fs = require('fs');
const path = require('path');

const HERE = __dirname;
const TOOLS = path.resolve(HERE, '..', 'asl-tools');
let validate;
try {
  validate = require(require.resolve('asl-validator', { paths: [TOOLS] }));
} catch (e) {
  console.error(`asl-validate-all: cannot load asl-validator from ${TOOLS}/node_modules ` +
    `(run: npm ci --prefix .ci/asl-tools --no-audit --no-fund): ${e.message}`);
  process.exit(2);
}

// Both keys must always be given: asl-validator treats a missing key as false.
const DEFAULT_OPTIONS = Object.freeze({ checkPaths: true, checkArn: true });

// Lines are `basename [rest]  # comment`. Full-line comments directly above an entry are
// kept as that entry's explanation when it has no inline comment.
function readConfig(file, parseRest) {
  const map = new Map();
  if (!fs.existsSync(file)) return map;
  let pending = [];
  fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') { pending = []; return; }
    if (line.startsWith('#')) { pending.push(line.replace(/^#+\s*/, '')); return; }
    const hash = line.indexOf('#');
    const body = (hash >= 0 ? line.slice(0, hash) : line).trim();
    const comment = hash >= 0 ? line.slice(hash + 1).trim() : pending.join(' ');
    const [name, ...rest] = body.split(/\s+/);
    if (map.has(name)) throw new Error(`${file}:${i + 1}: duplicate entry ${name}`);
    map.set(name, { value: parseRest(rest, `${file}:${i + 1}`), comment });
    pending = [];
  });
  return map;
}

function parseOptions(words, where) {
  const opts = {};
  for (const w of words) {
    const m = /^(checkArn|checkPaths)=(true|false)$/.exec(w);
    if (!m) throw new Error(`${where}: bad option '${w}' (want checkArn=true|false or checkPaths=true|false)`);
    opts[m[1]] = m[2] === 'true';
  }
  if (Object.keys(opts).length === 0) throw new Error(`${where}: no option given`);
  return opts;
}

let skips, fileOptions;
try {
  skips = readConfig(path.join(HERE, 'asl-validator-skip.txt'), (rest, where) => {
    if (rest.length) throw new Error(`${where}: unexpected text after the basename`);
    return true;
  });
  fileOptions = readConfig(path.join(HERE, 'asl-validator-options.txt'), parseOptions);
} catch (e) {
  console.error(`asl-validate-all: ${e.message}`);
  process.exit(2);
}

let passed = 0, failed = 0, skipped = 0;
const seen = new Set();

function walk(p) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    return fs.readdirSync(p).sort().flatMap((e) => walk(path.join(p, e)));
  }
  return p.endsWith('.asl.json') ? [p] : [];
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: asl-validate-all.js FILE_OR_DIR...');
  process.exit(2);
}

let files = [];
for (const a of args) {
  if (!fs.existsSync(a)) {
    console.log(`FAIL ${a} :: no such file or directory`);
    failed++;
    continue;
  }
  // A file given by name is checked even if it does not end in .asl.json.
  files = files.concat(fs.statSync(a).isDirectory() ? walk(a) : [a]);
}

for (const f of files) {
  const base = path.basename(f);
  seen.add(base);
  if (skips.has(base)) {
    skipped++;
    console.log(`skip ${f} :: ${skips.get(base).comment || 'listed in asl-validator-skip.txt'}`);
    continue;
  }
  const wantValid = !/invalid/.test(base);
  const opts = { ...DEFAULT_OPTIONS, ...(fileOptions.has(base) ? fileOptions.get(base).value : {}) };
  const optNote = fileOptions.has(base)
    ? ` [${Object.entries(fileOptions.get(base).value).map(([k, v]) => `${k}=${v}`).join(' ')}]` : '';
  let r;
  try {
    const def = JSON.parse(fs.readFileSync(f, 'utf8'));
    // asl-validator mutates its argument (adds QueryLanguage to every state): give it a copy.
    r = validate(structuredClone(def), opts);
  } catch (e) {
    r = { isValid: false, errorsText: () => 'exception: ' + e.message };
  }
  const ok = r.isValid === wantValid;
  if (ok) passed++; else failed++;
  let detail = '';
  if (!r.isValid) detail = ' :: ' + r.errorsText(' | ');
  else if (!wantValid) detail = ' :: accepted, but the name says invalid';
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${f}${optNote}${detail}`);
}

for (const [name, cfg] of [...skips].map(([n]) => [n, 'asl-validator-skip.txt'])
  .concat([...fileOptions].map(([n]) => [n, 'asl-validator-options.txt']))) {
  if (!seen.has(name)) console.log(`note: ${cfg} entry ${name} matched no file in this run`);
}
if (files.length === 0) {
  console.log('FAIL no *.asl.json file found');
  failed++;
}
console.log(`asl-validator: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
