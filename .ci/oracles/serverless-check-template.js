#!/usr/bin/env node
// Second half of serverless-check.sh:
//
//   node serverless-check-template.js CONFIG.json TEMPLATE.json
//
// CONFIG.json is `serverless print --format json` (the service config with all variables
// resolved, before any plugin compiles it); TEMPLATE.json is the
// cloudformation-template-update-stack.json that `serverless package` wrote.
//
// For every state machine under stepFunctions.stateMachines it checks that the template
// has its AWS::StepFunctions::StateMachine resource (the logical id the plugin derives:
// normalized `id`/`name`, else <NormalizedKey>StepFunctionsStateMachine), and that the
// resource's DefinitionString parses to the same JSON as the definition in the config.
//
// What the plugin (serverless-step-functions 3.28.1) does to a definition, and how it is undone:
//   - It serializes the definition into DefinitionString (pretty-printed JSON).
//   - Intrinsics inside the definition ({"Fn::GetAtt": ...}, {"Ref": ...}, any "Fn::*")
//     become `${<md5>}` variables of an {"Fn::Sub": [string, {<md5>: intrinsic}]};
//     a `${var}` stands in a JSON string ("${var}"), or bare for Wait.Seconds. Each is put
//     back as the intrinsic from the map.
//   - Fn::GetAtt/Ref naming a function of the service (and no resource of that name) is
//     translated to the function's logical id (<Name>LambdaFunction), and with
//     useExactVersion: true a Ref/GetAtt of a function becomes {"Ref": <its Lambda
//     Version>}. The same translations are applied to the expected side.
//   - Pseudo parameters #{AWS::Region} etc. (serverless-pseudo-parameters syntax) become
//     ${AWS::Region} in an Fn::Sub; they are turned back into #{...}.
//   - With `stepFunctions.validate: true` the bundled asl-validator mutates the definition
//     before serialization: it adds "QueryLanguage" to every state. **Stripped keys:**
//     "QueryLanguage" on a state (at any depth: Parallel branches, Map Iterator /
//     ItemProcessor) when the config's state has none. Nothing else is stripped.
//   - A definition given as a string is emitted as a JSON-encoded string; both sides are
//     parsed.
// Each iamRoleStatements entry must be in the policy of the role the machine runs as.
// Prints `ok`/`FAIL` per state machine and closes with `serverless: N passed, N failed`.
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');

const SLS = path.resolve(__dirname, '..', 'sls', 'node_modules');
const naming = require(path.join(SLS, 'serverless', 'lib', 'plugins', 'aws', 'lib', 'naming.js'));

let passed = 0, failed = 0;
const ok = (m) => { passed++; console.log(`ok   ${m}`); };
const fail = (m) => { failed++; console.log(`FAIL ${m}`); };
const finish = () => {
  console.log(`serverless: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
};

const [configFile, templateFile] = process.argv.slice(2);
if (!configFile || !templateFile) {
  console.error('usage: serverless-check-template.js CONFIG.json TEMPLATE.json');
  process.exit(2);
}
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
const resources = template.Resources || {};
const functions = config.functions || {};

const isIntrinsic = (o) => o !== null && typeof o === 'object' && !Array.isArray(o)
  && Object.keys(o).some((k) => k.startsWith('Fn::') || k === 'Ref');

// serverless-step-functions' translateLocalFunctionNames
function translate(value) {
  const tr = (id) => (!(id in resources) && id in functions ? naming.getLambdaLogicalId(id) : id);
  if (value && typeof value === 'object' && 'Ref' in value) return { Ref: tr(value.Ref) };
  if (value && typeof value === 'object' && Array.isArray(value['Fn::GetAtt'])) {
    const [id, prop] = value['Fn::GetAtt'];
    return { 'Fn::GetAtt': [tr(id), prop] };
  }
  return value;
}

// serverless-step-functions' convertToFunctionVersion (useExactVersion: true): a Ref or
// Fn::GetAtt of a Lambda function becomes {Ref: <its AWS::Lambda::Version>}.
function toVersion(value) {
  const isFunction = (id) => resources[id] && resources[id].Type === 'AWS::Lambda::Function';
  const version = (fnId) => Object.keys(resources).find((id) => resources[id].Type === 'AWS::Lambda::Version'
    && resources[id].Properties && resources[id].Properties.FunctionName
    && resources[id].Properties.FunctionName.Ref === fnId);
  let fnId = null;
  if (value && typeof value === 'object' && typeof value.Ref === 'string') fnId = value.Ref;
  if (value && typeof value === 'object' && Array.isArray(value['Fn::GetAtt'])) fnId = value['Fn::GetAtt'][0];
  if (fnId !== null && isFunction(fnId)) {
    const v = version(fnId);
    if (v) return { Ref: v };
  }
  return value;
}

function expectedDefinition(def, exactVersion) {
  const d = typeof def === 'string' ? JSON.parse(def) : structuredClone(def);
  const fix = (v) => (exactVersion ? toVersion(translate(v)) : translate(v));
  const walk = (o) => {
    if (Array.isArray(o)) return o.map((e) => (isIntrinsic(e) ? fix(e) : walk(e)));
    if (o !== null && typeof o === 'object') {
      for (const k of Object.keys(o)) o[k] = isIntrinsic(o[k]) ? fix(o[k]) : walk(o[k]);
    }
    return o;
  };
  return walk(d);
}

const TOKEN = '\u0000sub:';
function actualDefinition(ds) {
  if (typeof ds === 'string') {
    const v = JSON.parse(ds);
    return typeof v === 'string' ? JSON.parse(v) : v;
  }
  if (!ds || typeof ds !== 'object' || !('Fn::Sub' in ds)) {
    throw new Error(`DefinitionString is neither a string nor an Fn::Sub: ${JSON.stringify(ds).slice(0, 200)}`);
  }
  const sub = ds['Fn::Sub'];
  const [text, vars] = Array.isArray(sub) ? sub : [sub, {}];
  let s = text;
  for (const name of Object.keys(vars)) {
    const t = JSON.stringify(TOKEN + name);
    s = s.split(`"\${${name}}"`).join(t).split(`\${${name}}`).join(t);
  }
  // whatever ${...} is left was a #{...} pseudo parameter
  s = s.replace(/\$\{([^}]+)\}/g, '#{$1}');
  const back = (o) => {
    if (typeof o === 'string' && o.startsWith(TOKEN)) return vars[o.slice(TOKEN.length)];
    if (Array.isArray(o)) return o.map(back);
    if (o !== null && typeof o === 'object') {
      for (const k of Object.keys(o)) o[k] = back(o[k]);
    }
    return o;
  };
  return back(JSON.parse(s));
}

// Remove the QueryLanguage the plugin's validator injected into states: only where the
// config's state has none, and only if it is the inherited value (the enclosing state's,
// else the machine's top-level QueryLanguage, else JSONPath), as asl-validator injects it.
function stripInjected(actual, expected) {
  const states = (a, e, inherited) => {
    if (!a || !e || typeof a.States !== 'object' || typeof e.States !== 'object') return;
    const lang = e.QueryLanguage || inherited;
    for (const [name, es] of Object.entries(e.States)) {
      const as = a.States[name];
      if (!as || typeof as !== 'object' || !es || typeof es !== 'object') continue;
      if (!('QueryLanguage' in es) && as.QueryLanguage === lang) delete as.QueryLanguage;
      const inner = es.QueryLanguage || lang;
      (es.Branches || []).forEach((eb, i) => states((as.Branches || [])[i], eb, inner));
      states(as.Iterator, es.Iterator, inner);
      states(as.ItemProcessor, es.ItemProcessor, inner);
    }
  };
  states(actual, expected, 'JSONPath');
  return actual;
}

function firstDiff(a, b, at = '') {
  if (util.isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a)) return `${at}/${k}: missing from the template`;
      if (!(k in b)) return `${at}/${k}: in the template (${JSON.stringify(a[k]).slice(0, 120)}) but not in serverless.yml`;
      const d = firstDiff(a[k], b[k], `${at}/${k}`);
      if (d) return d;
    }
  }
  return `${at || '/'}: template ${JSON.stringify(a).slice(0, 160)} != serverless.yml ${JSON.stringify(b).slice(0, 160)}`;
}

// Each of the config's iamRoleStatements must be a statement of the role the machine runs as.
function missingStatement(sm, props) {
  if (!Array.isArray(sm.iamRoleStatements)) return null;
  const arn = props.RoleArn && props.RoleArn['Fn::GetAtt'];
  const role = Array.isArray(arn) && resources[arn[0]];
  if (!role) return `/RoleArn: no role resource in the template for iamRoleStatements`;
  const have = ((role.Properties || {}).Policies || []).flatMap((p) => p.PolicyDocument.Statement);
  const missing = sm.iamRoleStatements.find((s) => !have.some((h) => util.isDeepStrictEqual(h, s)));
  return missing ? `/iamRoleStatements: ${JSON.stringify(missing).slice(0, 160)} is not in role ${arn[0]}` : null;
}

const machines = (config.stepFunctions && config.stepFunctions.stateMachines) || {};
if (Object.keys(machines).length === 0) {
  fail('serverless.yml has no stepFunctions.stateMachines');
  finish();
}
const seenIds = new Set();
for (const [key, sm] of Object.entries(machines)) {
  const custom = sm && (sm.id || sm.name);
  const id = custom ? naming.getNormalizedFunctionName(custom)
    : `${naming.getNormalizedFunctionName(key)}StepFunctionsStateMachine`;
  seenIds.add(id);
  const res = resources[id];
  if (!res) { fail(`${key}: no resource ${id} in the template`); continue; }
  if (res.Type !== 'AWS::StepFunctions::StateMachine') {
    fail(`${key}: resource ${id} has type ${res.Type}`); continue;
  }
  if (!sm.definition) { fail(`${key}: no definition in serverless.yml`); continue; }
  const props = res.Properties || {};
  if (!('DefinitionString' in props)) { fail(`${key}: ${id} has no DefinitionString`); continue; }
  let actual, expected;
  try {
    expected = expectedDefinition(sm.definition, sm.useExactVersion === true);
    actual = stripInjected(actualDefinition(props.DefinitionString), expected);
  } catch (e) {
    fail(`${key}: ${id}: ${e.message}`); continue;
  }
  const d = firstDiff(actual, expected) || missingStatement(sm, props);
  if (d) fail(`${key}: ${id} DefinitionString differs at ${d}`);
  else ok(`${key} -> ${id} (${typeof props.DefinitionString === 'string' ? 'string' : 'Fn::Sub'})`);
}
for (const [id, r] of Object.entries(resources)) {
  if (r.Type === 'AWS::StepFunctions::StateMachine' && !seenIds.has(id)) {
    console.log(`note: ${id} is a state machine that stepFunctions.stateMachines does not define`);
  }
}
finish();
