// The FaaSFlow console: reads the engine's console API with the token the page was opened with (#token=...)
// and draws the pictures the engine makes. Read-only; nothing here changes the engine.
(function () {
  'use strict';
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('faasflow-token', hash.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem('faasflow-token');

  async function get(path) {
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const response = await fetch('/console/api/' + path, { headers });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).error; } catch (e) { /* not JSON: the text as it is */ }
      throw new Error(response.status + ': ' + message);
    }
    return text;
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (className) { td.className = className; }
    return td;
  }

  function select(table, row) {
    table.querySelectorAll('tr.selected').forEach(r => r.classList.remove('selected'));
    row.classList.add('selected');
  }

  async function show(title, path) {
    document.getElementById('picture-title').textContent = title;
    // The engine's own SVG (its text escaped there), placed inline so that its tooltips work.
    document.getElementById('picture').innerHTML = await get(path);
  }

  function fail(error) {
    const p = document.getElementById('error');
    p.textContent = 'The console cannot read the engine: ' + error.message
        + (token ? '' : ' (open it with the link the engine printed: /console/#token=...)');
    p.hidden = false;
  }

  async function load() {
    const workflows = JSON.parse(await get('workflows'));
    const invocations = JSON.parse(await get('invocations'));
    const wfBody = document.querySelector('#workflows tbody');
    wfBody.replaceChildren();
    for (const w of workflows) {
      const row = wfBody.insertRow();
      row.dataset.workflow = w.engineName;
      cell(row, w.namespace); cell(row, w.name); cell(row, w.functions); cell(row, w.groups); cell(row, w.nodes);
      cell(row, w.edgesInMemory + ' of ' + w.edges);
      row.addEventListener('click', () => {
        select(wfBody, row);
        show('Plan of ' + w.name, 'workflows/' + encodeURIComponent(w.engineName) + '/plan.svg').catch(fail);
      });
    }
    const invBody = document.querySelector('#invocations tbody');
    invBody.replaceChildren();
    for (const i of invocations) {
      const row = invBody.insertRow();
      row.dataset.invocation = i.id;
      cell(row, i.id); cell(row, i.workflow); cell(row, i.phase, 'phase-' + i.phase);
      cell(row, i.e2eMs === undefined ? '' : i.e2eMs.toFixed(1) + ' ms');
      cell(row, i.failedFunction); cell(row, i.message);
      if (i.e2eMs !== undefined) {
        row.addEventListener('click', () => {
          select(invBody, row);
          show('Timeline of ' + i.id, 'invocations/' + encodeURIComponent(i.id) + '/timeline.svg').catch(fail);
        });
      }
    }
    document.getElementById('status').textContent = workflows.length + ' workflows, ' + invocations.length
        + ' invocations';
    // The first ended invocation's timeline, else the first workflow's plan.
    const ended = invBody.querySelector('tr[data-invocation]');
    const first = invocations.find(i => i.e2eMs !== undefined);
    if (first) {
      select(invBody, invBody.querySelector('tr[data-invocation="' + CSS.escape(first.id) + '"]'));
      await show('Timeline of ' + first.id, 'invocations/' + encodeURIComponent(first.id) + '/timeline.svg');
    } else if (workflows.length > 0 && ended === null) {
      await show('Plan of ' + workflows[0].name, 'workflows/' + encodeURIComponent(workflows[0].engineName) + '/plan.svg');
    }
  }

  load().catch(fail);
})();
