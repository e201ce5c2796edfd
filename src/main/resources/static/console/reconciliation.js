import { enc, get } from './api.js';
import { $, el, replace, row, say } from './dom.js';

const COLUMNS = ['code', 'document_type', 'kind', 'bridge_taxes_amount_cents', 'avatax_total_tax_cents'];
let report = null;

export function prepareReconciliation(connections) {
  const select = $('rec-connection');
  const chosen = select.value;
  replace(select, connections.map((c) => el('option', { value: c.code }, c.code)));
  if (chosen && connections.some((c) => c.code === chosen)) {
    select.value = chosen;
  }
  if (!$('rec-from').value) {
    const today = new Date();
    $('rec-from').value = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)).toISOString().slice(0, 10);
    $('rec-to').value = today.toISOString().slice(0, 10);
  }
}

export async function reconcile() {
  const connection = $('rec-connection').value;
  const from = $('rec-from').value;
  const to = $('rec-to').value;
  report = null;
  $('rec-csv').disabled = true;
  replace($('rec-mismatches').tBodies[0]);
  say($('rec-summary'), `Reconciling ${connection} from ${from} to ${to}…`);
  report = await get(`/admin/reconciliation?connection=${enc(connection)}&from=${enc(from)}&to=${enc(to)}`);
  const count = report.mismatches.length;
  say($('rec-summary'), `${report.checked} document${report.checked === 1 ? '' : 's'} checked on ${report.connection}`
    + ` from ${report.from} to ${report.to}: ${count} mismatch${count === 1 ? '' : 'es'}.`, count ? 'warn' : 'ok');
  replace($('rec-mismatches').tBodies[0], report.mismatches.map((m) => row(...COLUMNS.map((c) => cell(m[c])))));
  $('rec-csv').disabled = false;
}

function cell(value) {
  return value === null || value === undefined ? '' : String(value);
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
function csvField(value) {
  let text = cell(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+$/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(mismatches) {
  const lines = [COLUMNS.join(',')];
  for (const m of mismatches) {
    lines.push(COLUMNS.map((c) => csvField(m[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function downloadCsv() {
  if (!report) {
    return;
  }
  const blob = new Blob([toCsv(report.mismatches)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: `reconciliation-${report.connection}-${report.from}-${report.to}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
