const { formatChaosReport } = require('./dist/tools/chaos/chaos-report');
const text = require('fs').readFileSync(process.argv[2], 'utf8');
const json = JSON.parse(text.slice(text.indexOf('{')));
console.log(formatChaosReport(json));
