// compromise.mjs - the peer: compromise's .quotations() over the texts of a
// JSONL file, timed without node's start-up and module loading.
//
//   node bench/compromise.mjs SLICE.jsonl    prints {"bytes":..,"seconds":..}
import fs from 'node:fs';
import nlp from 'compromise';

const texts = fs.readFileSync(process.argv[2], 'utf8')
  .split('\n').filter(Boolean).map((line) => JSON.parse(line).text);
let bytes = 0;
let quotes = 0;
const start = process.hrtime.bigint();
for (const text of texts) {
  bytes += Buffer.byteLength(text);
  quotes += nlp(text).quotations().json().length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ docs: texts.length, bytes, quotes, seconds }));
