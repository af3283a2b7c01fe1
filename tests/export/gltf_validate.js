// Runs the Khronos glTF validator (npm gltf-validator, installed into the build tree by the test
// fixture gltf_validator_install) on each .glb named on the command line. Prints one line per file
// (errors, warnings, and every error's code and pointer) and exits 1 when any file has an error or
// cannot be read. Usage: node gltf_validate.js NODE_MODULES_DIR FILE.glb...
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, ...files] = process.argv.slice(2);
const validator = require(path.join(modules, 'gltf-validator'));

async function main() {
  let failed = false;
  for (const file of files) {
    let report;
    try {
      report = await validator.validateBytes(new Uint8Array(fs.readFileSync(file)), {uri: path.basename(file), maxIssues: 1000});
    } catch (error) {
      console.log(`${file}: the validator could not read it: ${error}`);
      failed = true;
      continue;
    }
    const issues = report.issues;
    console.log(`${file}: ${issues.numErrors} errors, ${issues.numWarnings} warnings, ${issues.numInfos} infos`);
    for (const message of issues.messages)
      if (message.severity <= 1) console.log(`  ${message.severity === 0 ? 'error' : 'warning'} ${message.code} ${message.pointer || ''}: ${message.message}`);
    if (issues.numErrors > 0) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

main();
