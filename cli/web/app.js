// quoth serve's page: paste an article, see who said what; search the store.
//
// Every piece of text that comes from an article or the store reaches the
// page through textContent or createTextNode, never as markup.
'use strict';

const PALETTE_SIZE = 10;   // .s0 ... .s9 in app.css; .sx for no speaker

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) e.append(c);
  return e;
}

// "1 quotation", "3 quotations".
const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function setStatus(node, text, isError) {
  node.textContent = text;
  node.classList.toggle('error', Boolean(isError));
}

// The message of an error record, or the HTTP status when there is none.
async function failure(resp) {
  try {
    const body = await resp.json();
    if (body && typeof body.message === 'string') return body.message;
  } catch (e) { /* not JSON: fall through */ }
  return `the server answered ${resp.status} ${resp.statusText}`;
}

// ---- tabs (the WAI-ARIA tabs pattern: arrows, Home and End move) --------

function setUpTabs(onShow) {
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const show = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    onShow(tab.id);
  };
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => show(tab, false));
    tab.addEventListener('keydown', (ev) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      show(tabs[(to + tabs.length) % tabs.length], true);
    });
  }
}

// ---- offsets --------------------------------------------------------------

// quoth reports UTF-8 byte offsets; the page needs string (UTF-16) indices.
// Walks the text once, mapping each wanted byte offset.
function byteOffsetsToIndices(text, offsets) {
  const wanted = Array.from(new Set(offsets)).sort((a, b) => a - b);
  const map = new Map();
  let bytes = 0;
  let k = 0;
  for (let i = 0; i <= text.length && k < wanted.length;) {
    while (k < wanted.length && wanted[k] <= bytes) map.set(wanted[k++], i);
    if (i === text.length) break;
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  for (; k < wanted.length; k++) map.set(wanted[k], text.length);
  return map;
}

// ---- the article ----------------------------------------------------------

const tip = $('tip');
const descriptions = $('descriptions');

// Speakers by number of quotations, most first; the first ten get colours.
function speakersOf(quotes) {
  const counts = new Map();
  for (const q of quotes) counts.set(q.speaker, (counts.get(q.speaker) || 0) + 1);
  const named = Array.from(counts).filter(([name]) => name !== null)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const list = named.map(([name, count], i) => ({
    name, count, cls: i < PALETTE_SIZE ? `s${i}` : 'sx' }));
  if (counts.has(null)) list.push({ name: null, count: counts.get(null), cls: 'sx' });
  return list;
}

function detailRows(q) {
  const rows = [['kind', q.kind]];
  if (q.cue) rows.push(['cue', q.cue.text]);
  if (q.mention) rows.push(['mention', q.mention.text]);
  rows.push(['confidence', `${Math.round(q.confidence * 100)}%`]);
  return rows;
}

// What a screen reader says after the quotation itself.
function describe(q, i) {
  const rows = detailRows(q).map(([k, v]) => `${k} ${v}`).join(', ');
  return el('span', { id: `qd-${i}`,
    textContent: `Said by ${q.speaker || 'an unknown speaker'}; ${rows}.` });
}

function fillTip(q) {
  const dl = el('dl');
  for (const [k, v] of detailRows(q)) {
    dl.append(el('dt', { textContent: k }), el('dd', { textContent: v }));
  }
  const who = el('span', { className: 'who', textContent: q.speaker || 'Unknown speaker' });
  tip.replaceChildren(who, dl);
}

// The details go above the quotation's first line, or below its last when
// the window has no room above: never over the quotation itself.
function showTip(mark, q) {
  fillTip(q);
  tip.hidden = false;
  const lines = mark.getClientRects();
  const first = lines[0] || mark.getBoundingClientRect();
  const last = lines[lines.length - 1] || first;
  const above = first.top - tip.offsetHeight - 6;
  const top = above >= 0 ? above : last.bottom + 6;
  const left = Math.max(8, Math.min(first.left,
    document.documentElement.clientWidth - tip.offsetWidth - 8));
  tip.style.left = `${left + window.scrollX}px`;
  tip.style.top = `${top + window.scrollY}px`;
}

function hideTip() { tip.hidden = true; }

function makeMark(q, i, cls) {
  const mark = el('mark', { className: `q ${cls} ${q.kind}`, tabIndex: 0 });
  mark.dataset.quote = String(i);
  mark.dataset.speaker = q.speaker || '';
  mark.setAttribute('aria-describedby', `qd-${i}`);
  const show = () => showTip(mark, q);
  mark.addEventListener('mouseenter', show);
  mark.addEventListener('focus', show);
  mark.addEventListener('click', show);
  mark.addEventListener('mouseleave', () => { if (document.activeElement !== mark) hideTip(); });
  mark.addEventListener('blur', hideTip);
  return mark;
}

// Text with a little space after each line break, so that paragraphs
// stand apart; the space is an empty element, so textContent is the text.
function appendText(node, s) {
  s.split('\n').forEach((line, k) => {
    if (k > 0) node.append('\n', el('span', { className: 'gap' }));
    if (line) node.append(line);
  });
}

// Quotations may nest (a quoted fragment inside reported speech): marks
// nest too, and one that would cross its parent's end is cut there.
function renderArticle(text, quotes, classOf) {
  const root = $('rendered');
  const spans = quotes.map((q, i) => ({ q, i, start: q.s, end: q.e }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const stack = [{ node: root, end: text.length }];
  let pos = 0;
  const emitTo = (to) => {
    if (to > pos) appendText(stack[stack.length - 1].node, text.slice(pos, to));
    pos = Math.max(pos, to);
  };
  const close = () => { emitTo(stack[stack.length - 1].end); stack.pop(); };
  root.replaceChildren();
  descriptions.replaceChildren();
  for (const s of spans) {
    while (stack.length > 1 && stack[stack.length - 1].end <= s.start) close();
    emitTo(s.start);
    const mark = makeMark(s.q, s.i, classOf(s.q.speaker));
    stack[stack.length - 1].node.append(mark);
    stack.push({ node: mark, end: Math.min(s.end, stack[stack.length - 1].end) });
    descriptions.append(describe(s.q, s.i));
  }
  while (stack.length > 1) close();
  emitTo(text.length);
}

function renderLegend(speakers) {
  const rendered = $('rendered');
  const items = speakers.map((sp) => {
    const button = el('button', { type: 'button', className: `legend-item ${sp.cls}` },
      el('span', { className: 'swatch' }),
      el('span', { className: 'legend-name', textContent: sp.name || 'Unknown speaker' }),
      el('span', { className: 'legend-count' }, String(sp.count), el('span', {
        className: 'sr-only', textContent: sp.count === 1 ? ' quotation' : ' quotations' })));
    button.setAttribute('aria-pressed', 'false');
    button.dataset.speaker = sp.name || '';
    button.addEventListener('click', () => {
      const on = button.getAttribute('aria-pressed') !== 'true';
      for (const b of $('legend-list').querySelectorAll('button')) {
        b.setAttribute('aria-pressed', 'false');
      }
      button.setAttribute('aria-pressed', String(on));
      rendered.classList.toggle('filtered', on);
      for (const m of rendered.querySelectorAll('mark.q')) {
        m.classList.toggle('chosen', on && m.dataset.speaker === button.dataset.speaker);
      }
    });
    return el('li', {}, button);
  });
  $('legend-list').replaceChildren(...items);
  rendered.classList.remove('filtered');
}

async function extract(ev) {
  ev.preventDefault();
  const status = $('extract-status');
  const button = $('extract-button');
  const text = $('article').value;
  if (text.trim() === '') {
    setStatus(status, 'Paste an article first.', true);
    return;
  }
  button.disabled = true;
  setStatus(status, 'Reading the article…');
  try {
    const resp = await fetch('/api/extract', {
      method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
    if (!resp.ok) throw new Error(await failure(resp));
    const quotes = (await resp.json()).quotes;
    const index = byteOffsetsToIndices(text, quotes.flatMap((q) => [q.start, q.end]));
    for (const q of quotes) { q.s = index.get(q.start); q.e = index.get(q.end); }
    const speakers = speakersOf(quotes);
    const cls = new Map(speakers.map((sp) => [sp.name, sp.cls]));
    renderArticle(text, quotes, (name) => cls.get(name));
    renderLegend(speakers);
    const named = speakers.filter((sp) => sp.name !== null).length;
    setStatus(status, `${count(quotes.length, 'quotation')}, ${count(named, 'speaker')}.`);
    $('result').hidden = false;
  } catch (e) {
    setStatus(status, `Could not read the article: ${e.message}`, true);
  } finally {
    button.disabled = false;
  }
}

// ---- search ---------------------------------------------------------------

let storeKnown = null;   // null until /healthz answers

// The store marks matched words **like this**.
function snippetNodes(snippet) {
  return snippet.split('**').map((part, i) =>
    (i % 2 === 1 ? el('mark', { textContent: part }) : document.createTextNode(part)));
}

function renderResult(r) {
  const times = `${count(r.occurrences, 'time')} in ${count(r.documents, 'document')}`;
  const dates = r.first_date ? `, ${r.first_date.slice(0, 10)} to ${r.last_date.slice(0, 10)}` : '';
  return el('li', {},
    el('blockquote', {}, ...snippetNodes(r.snippet)),
    el('p', { className: 'meta' },
      el('span', { className: 'who', textContent: r.speaker || 'Unknown speaker' }),
      ` · ${times}${dates}`),
    el('p', { className: 'meta', textContent: r.docs.join(', ') }));
}

async function getJSON(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(await failure(resp));
  return resp.json();
}

async function search(ev) {
  if (ev) ev.preventDefault();
  const status = $('search-status');
  const params = new URLSearchParams({ q: $('q').value.trim(), limit: '20' });
  if ($('speaker').value.trim()) params.set('speaker', $('speaker').value.trim());
  if (!params.get('q')) {
    setStatus(status, 'Type some words to search for.', true);
    return;
  }
  setStatus(status, 'Searching…');
  try {
    const results = (await getJSON(`/api/search?${params}`)).results;
    $('results').replaceChildren(...results.map(renderResult));
    setStatus(status, results.length ? `${count(results.length, 'quotation')} found.`
      : 'Nothing found.');
  } catch (e) {
    $('results').replaceChildren();
    setStatus(status, e.message, true);
  }
}

async function loadTopSpeakers() {
  const list = $('top-speakers');
  try {
    const top = await getJSON('/api/speakers?top=15');
    list.replaceChildren(...top.speakers.map((sp) => {
      const pick = el('button', { type: 'button', textContent: sp.name });
      pick.addEventListener('click', () => { $('speaker').value = sp.name; $('q').focus(); });
      return el('li', {}, pick, el('span', { className: 'count',
        textContent: ` ${count(sp.quotes, 'quotation')}` }));
    }));
  } catch (e) {
    list.replaceChildren(el('li', { textContent: e.message }));
  }
}

async function onSearchTab() {
  if (storeKnown === null) {
    try {
      storeKnown = (await getJSON('/healthz')).store;
    } catch (e) {
      setStatus($('search-status'), e.message, true);
      return;
    }
    if (storeKnown) loadTopSpeakers();
  }
  if (!storeKnown) {
    setStatus($('search-status'),
      'This server has no quote store. Start it with: quoth serve --db STORE.db', true);
    $('search-button').disabled = true;
    $('top-title').hidden = true;
  }
}

// ---- wiring ---------------------------------------------------------------

$('extract-form').addEventListener('submit', extract);
$('article').addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) $('extract-form').requestSubmit();
});
$('search-form').addEventListener('submit', search);
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hideTip(); });
window.addEventListener('resize', hideTip);
setUpTabs((id) => { hideTip(); if (id === 'tab-search') onSearchTab(); });
