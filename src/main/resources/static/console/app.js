import { call, token, whenUnauthorized } from './api.js';
import { $, say, show } from './dom.js';
import { loadOverview } from './overview.js';
import * as deadLetters from './dead-letters.js';
import { downloadCsv, prepareReconciliation, reconcile } from './reconciliation.js';
import { clearUsageCache, loadUsageCache } from './usage-cache.js';

const VIEWS = ['overview', 'dead-letters', 'reconciliation', 'usage-cache'];
const REFRESH_MS = 5000;
let refreshTimer = null;
let connections = [];

function status(text, kind = 'info') {
  say($('status'), text, kind);
}

/** Runs an action; its failure is shown, never thrown away. */
async function run(action) {
  try {
    await action();
  } catch (error) {
    if (error.status === 401) {
      return;
    }
    status(error.status ? `The bridge answered ${error.status}: ${error.message}` : error.message, 'error');
  }
}

function confirmAction(text, label) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = label;
  return new Promise((resolve) => {
    const done = (answer) => {
      $('confirm-ok').removeEventListener('click', yes);
      $('confirm-cancel').removeEventListener('click', no);
      dialog.removeEventListener('cancel', no);
      dialog.close();
      resolve(answer);
    };
    const yes = () => done(true);
    const no = (event) => {
      if (event) {
        event.preventDefault();
      }
      done(false);
    };
    $('confirm-ok').addEventListener('click', yes);
    $('confirm-cancel').addEventListener('click', no);
    dialog.addEventListener('cancel', no);
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

function only(section) {
  for (const id of ['loading', 'console-off', 'sign-in']) {
    show($(id), id === section);
  }
  for (const view of VIEWS) {
    show($(`view-${view}`), false);
  }
  const signedIn = section === null;
  show($('nav'), signedIn);
  show($('sign-out'), signedIn);
}

function currentView() {
  const name = location.hash.replace('#', '');
  return VIEWS.includes(name) ? name : 'overview';
}

async function route() {
  if (!token.get()) {
    return;
  }
  const view = currentView();
  only(null);
  for (const name of VIEWS) {
    show($(`view-${name}`), name === view);
  }
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === view) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  clearInterval(refreshTimer);
  status('');
  if (view === 'overview') {
    await run(async () => {
      connections = (await loadOverview()).connections;
    });
    refreshTimer = setInterval(() => run(async () => {
      connections = (await loadOverview()).connections;
    }), REFRESH_MS);
  } else if (view === 'dead-letters') {
    await run(deadLetters.loadDeadLetters);
  } else if (view === 'reconciliation') {
    await run(async () => {
      if (connections.length === 0) {
        connections = (await call('GET', '/admin/overview')).connections;
      }
      prepareReconciliation(connections);
    });
  } else {
    await run(loadUsageCache);
  }
  document.body.dataset.view = view;
}

function askForToken(message) {
  clearInterval(refreshTimer);
  only('sign-in');
  say($('sign-in-error'), message || '', 'error');
  $('token').value = '';
  $('token').focus();
}

/**
 * Whether the admin API is on is read from its own answer to a call without a token: 403 when the
 * bridge has no token configured, 401 when it has one.
 */
async function start() {
  const stored = token.get();
  try {
    await call('GET', '/admin/overview', undefined, stored);
    await route();
  } catch (error) {
    if (error.status === 403) {
      token.clear();
      only('console-off');
    } else if (error.status === 401) {
      token.clear();
      askForToken(stored ? 'The stored token is no longer accepted. Sign in again.' : '');
    } else {
      only('sign-in');
      say($('sign-in-error'), `The bridge could not be asked: ${error.message}`, 'error');
    }
  }
}

async function signIn(event) {
  event.preventDefault();
  const candidate = $('token').value.trim();
  if (!candidate) {
    say($('sign-in-error'), 'Type the admin token.', 'error');
    return;
  }
  say($('sign-in-error'), 'Checking…', 'info');
  try {
    await call('GET', '/admin/overview', undefined, candidate);
  } catch (error) {
    if (error.status === 403) {
      only('console-off');
      return;
    }
    say($('sign-in-error'), error.status === 401 ? 'Wrong token: the bridge did not accept it.'
      : `The bridge could not be asked: ${error.message}`, 'error');
    $('token').select();
    return;
  }
  token.set(candidate);
  $('token').value = '';
  say($('sign-in-error'), '');
  await route();
  const heading = document.querySelector(`#view-${currentView()} h2`);
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

function signOut() {
  token.clear();
  askForToken('Signed out.');
}

function wire() {
  whenUnauthorized(() => {
    token.clear();
    askForToken('The token is no longer accepted. Sign in again.');
  });
  deadLetters.runWith(run);
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  $('overview-refresh').addEventListener('click', () => run(async () => {
    connections = (await loadOverview()).connections;
  }));
  $('dl-queue').addEventListener('change', (e) => run(() => deadLetters.chooseQueue(e.target.value)));
  $('dl-refresh').addEventListener('click', () => run(deadLetters.loadDeadLetters));
  $('dl-filter').addEventListener('change', (e) => run(() => deadLetters.filterBy(e.target.value)));
  $('dl-prev').addEventListener('click', () => run(() => deadLetters.page(-1)));
  $('dl-next').addEventListener('click', () => run(() => deadLetters.page(1)));
  $('dl-replay-selected').addEventListener('click', () => run(deadLetters.replaySelected));
  $('dl-discard-selected').addEventListener('click', () => run(() => deadLetters.discardSelected(confirmAction)));
  $('dl-detail-close').addEventListener('click', deadLetters.closeDetail);
  $('mappings-reload').addEventListener('click', () => run(deadLetters.reloadMappings));
  $('rec-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(reconcile);
  });
  $('rec-csv').addEventListener('click', downloadCsv);
  $('cache-refresh').addEventListener('click', () => run(loadUsageCache));
  $('cache-clear').addEventListener('click', () => run(() => clearUsageCache(confirmAction)));
}

wire();
start();
