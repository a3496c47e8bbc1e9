/// The console's one script, served as `/console.js`: it tells the reader of an open page that
/// something the page lists has changed. The page names the kinds of events it shows in the
/// banner's `data-kinds` (`deadline:item`: only those of a case item), the household or case it
/// is about in `data-household` / `data-case`, and the last event committed when it was rendered
/// in `data-after`; the script listens on the push channel from there, signed in by the session
/// cookie, and shows the banner with a link that loads the page again. It never changes the
/// page's content, so what a page shows is what the server rendered.
public enum ConsoleScript {
    /// The script's text.
    public static let live = #"""
        'use strict';
        (function () {
          var banner = document.getElementById('live');
          if (!banner || !window.WebSocket) return;
          var kinds = (banner.getAttribute('data-kinds') || '').split(' ').filter(Boolean);
          if (kinds.length === 0) return;
          var household = (banner.getAttribute('data-household') || '').toLowerCase();
          var caseID = (banner.getAttribute('data-case') || '').toLowerCase();
          var text = banner.querySelector('.live-text');
          var after = parseInt(banner.getAttribute('data-after'), 10);
          var last = isNaN(after) ? null : after;
          var count = 0, missed = false, delay = 1000, failures = 0, waiting = null, socket = null, interrupted = false, leaving = false;

          function concerns(event) {
            var kind = String(event.type || '').split('.')[0];
            var listed = kinds.indexOf(kind) >= 0 || (kinds.indexOf(kind + ':item') >= 0 && Boolean(event.itemID));
            return listed && (!household || String(event.householdID).toLowerCase() === household)
              && (!caseID || String(event.caseID).toLowerCase() === caseID);
          }

          function tell(words) {
            text.textContent = words;
            banner.hidden = false;
          }

          function resumed() {
            // Updates came back before anything changed: the notice that they had stopped goes.
            if (interrupted && count === 0 && !missed) banner.hidden = true;
            interrupted = false;
          }

          function changed() {
            count += 1;
            tell(missed ? '本页内容可能已有更新' : '本页内容有 ' + count + ' 项更新');
          }

          function connect() {
            waiting = null;
            var heard = false;
            // Each socket's handlers act only while it is the page's socket: one left behind when
            // the page was hidden never counts events twice or opens a second connection.
            var own = socket = new WebSocket('wss://' + location.host + '/api/v1/events' + (last === null ? '' : '?after=' + last));
            own.onmessage = function (message) {
              if (own !== socket) return;
              var event;
              try { event = JSON.parse(message.data); } catch (ignored) { return; }
              if (!heard) { heard = true; delay = 1000; failures = 0; }
              if (event.type === 'subscribed') {
                if (last === null) last = event.seq;
                banner.setAttribute('data-state', 'subscribed');
                resumed();
                return;
              }
              if (event.type === 'events.missed') { missed = true; changed(); return; }
              if (typeof event.seq === 'number') last = Math.max(last || 0, event.seq);
              if (concerns(event)) changed();
            };
            own.onclose = function () {
              if (own !== socket) return;
              banner.setAttribute('data-state', 'closed');
              if (leaving) return;
              if (!heard && ++failures === 3 && count === 0) {
                interrupted = true;
                tell('实时更新已中断，刷新页面可恢复');
              }
              retry();
            };
          }

          // Tries again, waiting longer each time up to a minute (with jitter, so the pages a server
          // restart cut off do not all come back at once), and at once when the network returns.
          function retry() {
            if (waiting !== null) return;
            waiting = setTimeout(connect, delay / 2 + Math.random() * delay);
            delay = Math.min(delay * 2, 60000);
          }
          window.addEventListener('online', function () {
            if (waiting !== null) { clearTimeout(waiting); connect(); }
          });
          // Leaving the page closes the socket (and lets the browser keep the page for Back);
          // coming back to it listens again from the last event heard.
          window.addEventListener('pagehide', function () {
            leaving = true;
            if (waiting !== null) { clearTimeout(waiting); waiting = null; }
            if (socket === null) return;
            var old = socket;
            socket = null;
            // One still connecting is closed once open: closing it before would log a warning.
            if (old.readyState === WebSocket.OPEN) old.close();
            else if (old.readyState === WebSocket.CONNECTING) old.onopen = function () { old.close(); };
          });
          window.addEventListener('pageshow', function (shown) {
            if (!shown.persisted) return;
            leaving = false;
            connect();
          });
          connect();
        })();
        """#
}
