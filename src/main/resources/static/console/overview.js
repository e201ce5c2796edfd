import { get } from './api.js';
import { $, el, replace, row } from './dom.js';
import { commandsChart, depthBar, latencyChart } from './charts.js';

const KINDS = { work: 'work', wait: 'wait', dead_letter: 'dead letter' };

export async function loadOverview() {
  const overview = await get('/admin/overview');
  const max = Math.max(0, ...overview.queues.map((q) => q.messages || 0));
  replace($('queues').tBodies[0], overview.queues.map((queue) => {
    const tr = row(queue.name, KINDS[queue.kind] || queue.kind,
      queue.messages === null ? 'unknown' : String(queue.messages),
      queue.consumers === null ? 'unknown' : String(queue.consumers),
      el('td', {}, depthBar(queue.messages || 0, max)));
    tr.dataset.queue = queue.name;
    if (queue.kind === 'dead_letter' && queue.messages > 0) {
      tr.className = 'attention';
    }
    return tr;
  }));
  replace($('circuits'), overview.connections.map((connection) => el('li', { 'data-connection': connection.code },
    el('span', { class: 'connection' }, connection.code),
    el('span', { class: 'company' }, `company ${connection.company_code}`),
    el('span', { class: `circuit circuit-${connection.circuit.toLowerCase()}` },
      `circuit ${connection.circuit.replace('_', '-').toLowerCase()}`))));
  commandsChart($('commands-chart'), overview.timeline);
  latencyChart($('latency-chart'), overview.timeline);
  return overview;
}
