import { enc, get, post, del } from './api.js';
import { $, el, replace, row, say, show } from './dom.js';

const PAGE = 20;
const state = { queue: null, offset: 0, filter: '', selected: new Set(), shown: [] };
let guarded = (action) => action();

/** How the buttons drawn here run their action (the console shows a failure instead of losing it). */
export function runWith(runner) {
  guarded = runner;
}

function queuePath() {
  return `/admin/dead-letters/${enc(state.queue)}`;
}

export async function loadDeadLetters() {
  const counts = await get('/admin/dead-letters');
  const select = $('dl-queue');
  const queues = Object.keys(counts);
  if (!state.queue || !queues.includes(state.queue)) {
    // The first queue that holds something, else the invoices' (the busiest).
    state.queue = queues.find((queue) => counts[queue] > 0)
      || queues.find((queue) => queue.startsWith('tax.invoices')) || queues[0];
  }
  replace(select, queues.map((queue) => el('option', { value: queue }, `${queue} (${counts[queue]})`)));
  select.value = state.queue;
  // One after the other: each call takes the whole DLQ and puts it back.
  await loadCodes();
  await loadMessages();
}

export async function chooseQueue(queue) {
  state.queue = queue;
  state.offset = 0;
  state.filter = '';
  state.selected.clear();
  closeDetail();
  await loadCodes();
  await loadMessages();
}

async function loadCodes() {
  const summary = await get(`${queuePath()}/error-codes`);
  const codes = Object.entries(summary.error_codes);
  replace($('dl-codes').tBodies[0], codes.length === 0
    ? row(el('td', { colspan: 3 }, 'Nothing parked in this queue.'))
    : codes.map(([code, count]) => {
      const tr = row(el('td', {}, el('code', {}, code)), String(count),
        el('td', {}, code === 'none'
          ? 'replay these one by one'
          : el('button', { type: 'button', 'aria-label': `Replay all ${count} ${code}`,
            onclick: () => guarded(() => replayCode(code, count)) }, `Replay all (${count})`)));
      tr.dataset.code = code;
      return tr;
    }));
  const filter = $('dl-filter');
  replace(filter, el('option', { value: '' }, 'All'),
    codes.map(([code]) => el('option', { value: code === 'none' ? '' : code }, code)).filter((o) => o.value));
  filter.value = codes.some(([code]) => code === state.filter) ? state.filter : '';
}

async function loadMessages() {
  const filter = state.filter ? `&error_code=${enc(state.filter)}` : '';
  // One more than a page: whether there is a next page.
  const messages = await get(`${queuePath()}?limit=${PAGE + 1}&offset=${state.offset}${filter}`);
  state.shown = messages.slice(0, PAGE);
  const shownIds = new Set(state.shown.map((m) => m.message_id));
  for (const id of [...state.selected]) {
    if (!shownIds.has(id)) {
      state.selected.delete(id);
    }
  }
  replace($('dl-messages').tBodies[0], state.shown.length === 0
    ? row(el('td', { colspan: 8 }, 'No parked messages here.'))
    : state.shown.map(messageRow));
  $('dl-prev').disabled = state.offset === 0;
  $('dl-next').disabled = messages.length <= PAGE;
  $('dl-page').textContent = state.shown.length === 0 ? ''
    : `Messages ${state.offset + 1}–${state.offset + state.shown.length}`;
  updateActions();
}

function lagoId(message) {
  const ids = message.object_ids || {};
  return ids.invoice || ids.credit_note || ids.fee || ids.customer || ids.lago_id || ids.external_customer_id || '';
}

function messageRow(message) {
  const id = message.message_id || '';
  const box = el('input', { type: 'checkbox', 'aria-label': `Select message ${id}`, disabled: !id });
  box.checked = state.selected.has(id);
  box.addEventListener('change', () => {
    if (box.checked) {
      state.selected.add(id);
    } else {
      state.selected.delete(id);
    }
    updateActions();
  });
  const open = el('button', { type: 'button', class: 'link', disabled: !id, onclick: () => guarded(() => openDetail(id)) }, id || '(no id)');
  const error = el('td', { class: 'error-cell' }, el('code', {}, message.error_code || 'none'), el('br'),
    message.error_message || '');
  const tr = row(el('td', {}, box), el('td', {}, open), message.routing_key || '', lagoId(message), error,
    failedAt(message.failed_at), message.attempts === undefined || message.attempts === null ? '' : String(message.attempts),
    message.connection || '');
  tr.dataset.messageId = id;
  return tr;
}

/** "2026-12-02 18:02:44 UTC", the exact time on hover. */
function failedAt(value) {
  if (!value) {
    return '';
  }
  const short = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(value);
  return el('td', { title: value }, short ? `${short[1]} ${short[2]} UTC` : value);
}

function updateActions() {
  const none = state.selected.size === 0;
  $('dl-replay-selected').disabled = none;
  $('dl-discard-selected').disabled = none;
}

function showReplay(answer, what) {
  say($('dl-result'), `Replay of ${what}: matched ${answer.matched}, replayed ${answer.replayed}, `
    + `refused ${answer.refused}, remaining ${answer.remaining} in ${answer.queue}.`, answer.refused ? 'warn' : 'ok');
}

async function afterAction() {
  state.selected.clear();
  closeDetail();
  await loadDeadLetters();
}

async function replayCode(code, count) {
  const answer = await post(`${queuePath()}/replay`, { error_code: code });
  showReplay(answer, `every ${code} message (${count} listed)`);
  await afterAction();
}

export async function replaySelected() {
  const ids = [...state.selected];
  const answer = await post(`${queuePath()}/replay`, { message_ids: ids });
  showReplay(answer, `${ids.length} selected message${ids.length === 1 ? '' : 's'}`);
  await afterAction();
}

export async function discardSelected(confirm) {
  const ids = [...state.selected];
  const what = ids.length === 1 ? `message ${ids[0]}` : `${ids.length} messages`;
  if (!(await confirm(`Discard ${what} from ${state.queue}? A discarded message is gone for good.`, 'Discard'))) {
    return;
  }
  let discarded = 0;
  let missing = 0;
  for (const id of ids) {
    try {
      await del(`${queuePath()}/message?message_id=${enc(id)}`);
      discarded += 1;
    } catch (error) {
      if (error.status !== 404) {
        throw error;
      }
      missing += 1;
    }
  }
  say($('dl-result'), `Discarded ${discarded} from ${state.queue}`
    + (missing ? `; ${missing} no longer there.` : '.'), 'ok');
  await afterAction();
}

export async function filterBy(code) {
  state.filter = code;
  state.offset = 0;
  await loadMessages();
}

export async function page(direction) {
  state.offset = Math.max(0, state.offset + direction * PAGE);
  await loadMessages();
}

export async function reloadMappings() {
  const answer = await post('/admin/mappings/reload');
  say($('dl-result'), `Mappings reloaded for ${answer.connections.length} connection(s): ${answer.connections.join(', ')}.`, 'ok');
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch (notJson) {
    return body;
  }
}

async function openDetail(id) {
  const detail = await get(`${queuePath()}/message?message_id=${enc(id)}`);
  $('dl-detail-title').textContent = `Message ${id}`;
  const entries = [...Object.entries(detail.properties || {}), ...Object.entries(detail.headers || {})];
  replace($('dl-headers').tBodies[0], entries.map(([name, value]) => row(el('td', {}, el('code', {}, name)), value)));
  $('dl-body').textContent = pretty(detail.body || '');
  show($('dl-detail'), true);
  $('dl-detail-close').focus();
}

export function closeDetail() {
  show($('dl-detail'), false);
}
