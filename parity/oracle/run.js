// run.js synthesizes forma's AWS CDK oracle programs.
//
//   node run.js OUTDIR [CASE...]   writes OUTDIR/<case>/ (a cloud assembly) for
//                                  each case, or for the cases named
//   node run.js --list             prints the case names, one a line
//
// Each other .js file in this folder exports its cases:
//   module.exports = { 'case-name': (cdk, app) => { ... } }
// or, for a case that needs context (feature flags, AZ lookups):
//   module.exports = { 'case-name': { context: { ... }, build: (cdk, app) => { ... } } }
// cdk is require('aws-cdk-lib'); app is a cdk.App with its outdir set and no
// other context, so the CDK's defaults without feature flags apply unless the
// case sets them. The Go side registers the same case names in ../*_test.go.
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');

function loadCases() {
  const cases = new Map();
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.js') && f !== 'run.js').sort();
  for (const f of files) {
    const mod = require(path.join(__dirname, f));
    for (const [name, def] of Object.entries(mod)) {
      if (cases.has(name)) {
        throw new Error(`case ${name} is defined in ${cases.get(name).file} and ${f}`);
      }
      const c = typeof def === 'function' ? { build: def } : def;
      cases.set(name, { file: f, context: c.context || {}, build: c.build });
    }
  }
  return cases;
}

function main(argv) {
  const cases = loadCases();
  if (argv[0] === '--list') {
    for (const name of [...cases.keys()].sort()) console.log(name);
    return;
  }
  const out = argv[0];
  if (!out) {
    console.error('usage: node run.js OUTDIR [CASE...] | node run.js --list');
    process.exit(2);
  }
  const want = argv.length > 1 ? argv.slice(1) : [...cases.keys()].sort();
  let failed = 0;
  for (const name of want) {
    const c = cases.get(name);
    if (!c) {
      console.error(`unknown case ${name}`);
      failed++;
      continue;
    }
    const outdir = path.join(out, name);
    fs.rmSync(outdir, { recursive: true, force: true });
    // The CDK prints its own validation report while synthesizing; it is
    // kept and shown only when the case fails.
    const said = [];
    const write = { out: process.stdout.write, err: process.stderr.write };
    process.stdout.write = process.stderr.write = (chunk) => { said.push(String(chunk)); return true; };
    try {
      const app = new cdk.App({ outdir, context: c.context, analyticsReporting: false });
      c.build(cdk, app);
      app.synth();
    } catch (e) {
      said.push(`${name} (${c.file}): ${e.stack || e}\n`);
      failed++;
      process.stderr.write = write.err;
      process.stderr.write(said.join(''));
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
  }
  if (failed) process.exit(1);
}

main(process.argv.slice(2));
