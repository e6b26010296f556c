// The installable app, page side (portal/offline). Without JavaScript, or without service
// workers, every page and form works as before; this adds:
// - the service worker, for patients and visitors, and the pages it keeps for offline use;
// - practice and "Sharp pain — stop" done offline, kept on the phone (IndexedDB) and sent
//   when it is back online, with a banner saying what is waiting to be sent;
// - at logout, whatever this phone kept of the patient is deleted.
// Every word shown comes from the page (<template id="offline-settings">), in the
// patient's language.
(function () {
  "use strict";

  const settingsBlock = document.getElementById("offline-settings");
  if (!settingsBlock) return;
  const settings = JSON.parse(settingsBlock.content.textContent);
  const text = settings.text || {};
  const user = settings.user === null ? "" : String(settings.user);
  const PAGES_CACHE = "portal-pages";
  const OWNER_KEY = "/__offline-owner";
  const hasWorkers = "serviceWorker" in navigator && "caches" in window;
  const hasQueue = settings.patient && "indexedDB" in window;

  // ---- The queue: one IndexedDB store, an entry per session or stop -------------------

  function openQueue() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("portal-offline", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function inQueue(mode, work) {
    const database = await openQueue();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = database.transaction("queue", mode);
        const request = work(transaction.objectStore("queue"));
        transaction.oncomplete = () => resolve(request && request.result);
        transaction.onerror = () => reject(transaction.error);
      });
    } finally {
      database.close();
    }
  }

  const queued = async () =>
    ((await inQueue("readonly", (store) => store.getAll())) || []).filter((e) => e.user === user);
  const enqueue = (entry) => inQueue("readwrite", (store) => store.put({ ...entry, user }));
  const dequeue = (key) => inQueue("readwrite", (store) => store.delete(key));

  // ---- What is waiting, shown on every patient page ---------------------------------------

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));

  function countLine(count, forms) {
    return fill(count === 1 ? forms.one : forms.other, { count });
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  async function showWaiting(notice) {
    const banner = document.getElementById("offline-status");
    if (!banner) return;
    const entries = await queued();
    const sessions = entries.filter((entry) => entry.kind === "practice");
    const stops = entries.filter((entry) => entry.kind === "stop");
    banner.replaceChildren();
    if (notice) banner.append(notice);
    if (entries.length) {
      const box = element("section", "alert alert-warning mb-0 offline-waiting");
      const counts = element("h2", "h6 mb-1 offline-counts");
      if (sessions.length) counts.append(element("span", "d-block", countLine(sessions.length, text.sessions)));
      if (stops.length) counts.append(element("span", "d-block", countLine(stops.length, text.stops)));
      box.append(counts);
      const list = element("ul", "mb-1 small");
      entries.forEach((entry) => {
        const line = entry.kind === "stop" ? text.stop_line : text.session_line;
        list.append(element("li", "", fill(line, { title: entry.title, index: entry.occurrence_index })));
      });
      box.append(list, element("p", "small mb-0", text.waiting_explained));
      banner.append(box);
    }
    banner.hidden = !banner.childElementCount;
    // After a stop, what to do about the pain comes first; what waits to be sent, after it.
    const advice = document.querySelector("[data-stop-advice]");
    if (advice && banner.previousElementSibling !== advice) {
      banner.classList.remove("container");
      advice.after(banner);
    }
    markTodayPage(entries);
    showStopQueued(stops.length > 0);
  }

  // /today, kept from before: say which of its sessions are done or stopped on this phone.
  function markTodayPage(entries) {
    const list = document.querySelector(".today-list[data-day]");
    if (!list) return;
    entries.forEach((entry) => {
      const card = list.querySelector(`[aria-labelledby="item-${entry.item_id}"]`);
      if (!card || card.querySelector(`[data-offline-mark="${entry.key}"]`)) return;
      const links = [...card.querySelectorAll(".occurrence-list a")].filter((link) => {
        if (entry.kind === "stop") return true;
        const url = new URL(link.href);
        const day = url.searchParams.get("date") || list.dataset.day;
        return day === entry.occurrence_date && url.searchParams.get("n") === String(entry.occurrence_index);
      });
      if (!links.length) return;
      const mark = element("span", "badge rounded-pill text-bg-warning offline-mark",
        entry.kind === "stop" ? text.stopped_mark : text.saved_mark);
      mark.dataset.offlineMark = entry.key;
      links[0].before(mark);
      links.forEach((link) => { link.hidden = true; });
    });
  }

  // The stop advice page, kept from before, says the therapist has been told: not yet true
  // while the stop waits on the phone.
  function showStopQueued(waiting) {
    document.querySelectorAll("[data-stop-told]").forEach((node) => { node.hidden = waiting; });
    document.querySelectorAll("[data-stop-queued]").forEach((node) => { node.hidden = !waiting; });
  }

  // ---- Sending -------------------------------------------------------------------------

  let sending = null;

  function send() {
    if (!sending) sending = sendQueue().finally(() => { sending = null; });
    return sending;
  }

  async function sendQueue() {
    if (!navigator.onLine) return;
    const refused = [];
    let sentSome = false;
    for (;;) {
      // In batches the server takes (a week offline can queue more than one).
      const entries = (await queued()).slice(0, settings.max_entries);
      if (!entries.length) break;
      const results = await sendBatch(entries);
      if (!results) break; // offline again, or logged out: the rest stays queued
      let done = 0;
      for (const result of results) {
        const entry = entries.find((candidate) => candidate.key === result.key);
        if (!entry) continue;
        await dequeue(entry.key);
        done += 1;
        if (result.status === "refused") refused.push(fill(text.refused, { title: entry.title, reason: result.message }));
      }
      sentSome = true;
      if (done < entries.length) break; // answers that name no entry: never loop on them
    }
    if (sentSome) await showWaiting(sentNotice(refused));
  }

  async function sendBatch(entries) {
    try {
      // A fresh token: the queue may have waited longer than the page's token lives.
      const answer = await fetch(settings.token, { credentials: "same-origin" });
      if (!answer.ok || answer.redirected) return null;
      const token = (await answer.json()).csrf_token;
      const response = await fetch(settings.sync, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ entries: entries.map(wireEntry) }),
      });
      return response.ok ? (await response.json()).results : null;
    } catch (error) {
      return null;
    }
  }

  function wireEntry(entry) {
    const { user: _owner, title: _title, queued_at: _when, ...wire } = entry;
    return wire;
  }

  function sentNotice(refused) {
    const notice = element("div", `alert ${refused.length ? "alert-danger" : "alert-success"} mb-2 offline-sent`);
    notice.append(element("p", "mb-0", refused.length ? text.some_refused : text.all_sent));
    refused.forEach((line) => notice.append(element("p", "mb-0 small", line)));
    return notice;
  }

  // ---- The practice page, offline ---------------------------------------------------------

  function practicePage() {
    const form = document.getElementById("practice-form");
    const stopForm = document.getElementById("stop-form");
    if (!form || !stopForm) return;
    const itemId = Number(stopForm.getAttribute("action").match(/practice\/(\d+)\/stop/)[1]);
    const title = document.querySelector("h1").textContent.trim();

    form.addEventListener("submit", async (event) => {
      if (navigator.onLine) return;
      event.preventDefault();
      const data = new FormData(form);
      if (!data.get("pain_before") || !data.get("pain_after")) {
        const problem = element("div", "alert alert-danger", text.pain_missing);
        problem.setAttribute("role", "alert");
        form.prepend(problem);
        return;
      }
      const day = data.get("occurrence_date");
      const index = Number(data.get("occurrence_index"));
      await enqueue({
        key: `practice:${itemId}:${day}:${index}`,
        kind: "practice",
        item_id: itemId,
        occurrence_date: day,
        occurrence_index: index,
        pain_before: data.get("pain_before"),
        pain_after: data.get("pain_after"),
        note: data.get("note") || "",
        title,
        queued_at: new Date().toISOString(),
      });
      await goToKeptPage(settings.today, () => showWaiting(element("div", "alert alert-success mb-2", text.saved)));
    });

    stopForm.addEventListener("submit", async (event) => {
      if (navigator.onLine) return;
      event.preventDefault();
      const id = crypto.randomUUID();
      await enqueue({
        key: `stop:${id}`,
        kind: "stop",
        id,
        item_id: itemId,
        occurrence_date: new FormData(stopForm).get("occurrence_date"),
        title,
        queued_at: new Date().toISOString(),
      });
      // The stop page kept for offline use; else this page again (it shows the advice, as
      // below); else the advice in place of the form.
      await goToKeptPage(settings.stopped, () => goToKeptPage(location.href, showAdviceHere));
    });

    // As online, a technique stopped is not practised: its page says what to do instead.
    queued().then((entries) => {
      if (entries.some((entry) => entry.kind === "stop" && entry.item_id === itemId)) showAdviceHere();
    });
  }

  // Leaving the page ends the guided timer, as the online form does: go to the kept copy of
  // the next page; when there is none, say it on this page.
  async function goToKeptPage(url, otherwise) {
    const cache = hasWorkers ? await caches.open(PAGES_CACHE) : null;
    if (cache && (await cache.match(new URL(url, location.href).href, { ignoreVary: true }))) {
      location.assign(url);
      return;
    }
    await otherwise();
  }

  function showAdviceHere() {
    const advice = document.getElementById("offline-stop-advice");
    const container = document.getElementById("practice-form").closest(".container");
    if (!advice || !container) return;
    container.replaceChildren(advice.content.cloneNode(true));
    showWaiting();
    const heading = container.querySelector("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }

  // ---- Pages kept for offline use, and whose they are ------------------------------------

  // The kept pages are one person's, in one language: a page shown to anyone else (another
  // patient, a visitor, staff), or in another language, deletes them before anything new is
  // kept.
  async function keepOnlyThisPersonsPages() {
    const reader = `${user}|${document.documentElement.lang}`;
    const cache = await caches.open(PAGES_CACHE);
    const owner = await cache.match(OWNER_KEY);
    if (owner && (await owner.text()) !== reader) {
      await caches.delete(PAGES_CACHE);
    }
    await (await caches.open(PAGES_CACHE)).put(OWNER_KEY, new Response(reader));
  }

  // Only a page the worker controls is served from its copies once the phone is offline.
  function takeOver(worker) {
    return new Promise((resolve) => {
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
      worker.postMessage({ type: "claim" });
    });
  }

  async function startWorker() {
    await keepOnlyThisPersonsPages();
    if (!settings.worker) return;
    const registration = await navigator.serviceWorker.register(settings.worker);
    await navigator.serviceWorker.ready;
    if (!navigator.onLine || !registration.active) return;
    if (!navigator.serviceWorker.controller) await takeOver(registration.active);
    const urls = [location.href];
    if (settings.keep) {
      urls.push(...settings.keep);
      document.querySelectorAll('.today-list a[href*="/today/practice/"]').forEach((link) => urls.push(link.href));
    }
    if (location.pathname === "/guide") {
      document.querySelectorAll('main a[href^="/guide/"]').forEach((link) => urls.push(link.href));
    }
    await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      registration.active.postMessage({ type: "keep-pages", urls }, [channel.port2]);
    });
    document.documentElement.dataset.offlineReady = "true";
  }

  // ---- Logout: send what is waiting, then leave nothing of the patient on the phone --------

  async function forgetEverything() {
    if (hasQueue) {
      await send();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase("portal-offline");
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
    }
    if ("caches" in window) {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("portal-")).map((name) => caches.delete(name)));
    }
  }

  function watchLogout() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || new URL(form.action).pathname !== settings.logout) return;
      if (form.dataset.forgotten) return;
      event.preventDefault();
      forgetEverything()
        .catch(() => undefined)
        .then(() => {
          form.dataset.forgotten = "true";
          form.submit();
        });
    });
  }

  // ---- Start --------------------------------------------------------------------------------

  if (user && settings.patient) watchLogout();  // only a patient leaves anything on the phone
  if (hasWorkers) startWorker().catch(() => undefined);
  if (hasQueue) {
    practicePage();
    showWaiting().then(send);
    window.addEventListener("online", send);
  }
})();
