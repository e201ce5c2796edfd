import { del, get } from './api.js';
import { $, el, replace, say } from './dom.js';

const LABELS = [
  ['size', 'Entries now'], ['hits', 'Hits'], ['misses', 'Misses'], ['hit_rate', 'Hit rate'],
  ['loads', 'AvaTax loads'], ['load_failures', 'Failed loads'], ['evictions', 'Evictions'],
];

export async function loadUsageCache() {
  const stats = await get('/admin/usage-cache');
  replace($('cache-stats'), LABELS.flatMap(([key, label]) => [
    el('dt', {}, label),
    el('dd', { 'data-stat': key }, key === 'hit_rate'
      ? (stats[key] === null || stats[key] === undefined ? 'no requests yet' : `${(stats[key] * 100).toFixed(1)} %`)
      : String(stats[key])),
  ]));
}

export async function clearUsageCache(confirm) {
  if (!(await confirm('Empty the usage cache? The next estimate of each usage asks AvaTax again.', 'Empty the cache'))) {
    return;
  }
  const answer = await del('/admin/usage-cache');
  say($('cache-result'), `Emptied: ${answer.cleared} entr${answer.cleared === 1 ? 'y' : 'ies'} removed.`, 'ok');
  await loadUsageCache();
}
