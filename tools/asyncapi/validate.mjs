// Parses an AsyncAPI document with AsyncAPI's own parser (schemas, $refs and the spec's rules) and prints
// every diagnostic. Exit status 0: the document is valid (no diagnostic of severity error); 1: it is not.
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate.mjs <asyncapi document>');
  process.exit(2);
}
const severities = ['error', 'warning', 'info', 'hint'];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
for (const d of diagnostics) {
  console.log(`${severities[d.severity] ?? d.severity} ${d.code} at ${d.path.join('/') || '/'}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === 0).length;
console.log(document && errors === 0 ? `valid: ${file}` : `invalid: ${file} (${errors} error(s))`);
process.exit(document && errors === 0 ? 0 : 1);
