/// The console's one script, served as `/console.js`: it tells the reader of an open page that
/// something the page lists has changed. The page names the kinds of events it shows in the
/// banner's `data-kinds` (on a household's pages, the household in `data-household`) and the last
/// event committed when it was rendered in `data-after`; the script listens on the push channel
/// from there, signed in by the session cookie, and shows the banner with a link that loads the
/// page again. It never changes the page's content, so what a page shows is what the server rendered.
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
          var text = banner.querySelector('.live-text');
          var after = parseInt(banner.getAttribute('data-after'), 10);
          var last = isNaN(after) ? null : after;
          var count = 0, delay = 1000, failures = 0, waiting = null, socket = null, interrupted = false, leaving = false;

          function concerns(event) {
            var kind = String(event.type || '').split('.')[0];
            return kinds.indexOf(kind) >= 0 && (!household || String(event.householdID).toLowerCase() === household);
          }

          function tell(words) {
            text.textContent = words;
            banner.hidden = false;
          }

          function resumed() {
            // Updates came back before anything changed: the notice that they had stopped goes.
            if (interrupted && count === 0) banner.hidden = true;
            interrupted = false;
          }

          function connect() {
            waiting = null;
            var heard = false;
            socket = new WebSocket('wss://' + location.host + '/api/v1/events' + (last === null ? '' : '?after=' + last));
            socket.onmessage = function (message) {
              var event;
              try { event = JSON.parse(message.data); } catch (ignored) { return; }
              if (!heard) { heard = true; delay = 1000; failures = 0; }
              if (event.type === 'subscribed') {
                if (last === null) last = event.seq;
                banner.setAttribute('data-state', 'subscribed');
                resumed();
                return;
              }
              if (event.type === 'events.missed') { count += 1; tell('本页内容可能已有更新'); return; }
              if (typeof event.seq === 'number') last = Math.max(last || 0, event.seq);
              if (!concerns(event)) return;
              count += 1;
              tell('本页内容有 ' + count + ' 项更新');
            };
            socket.onclose = function () {
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
            // One still connecting is left to the browser: closing it now would log a warning.
            if (socket !== null && socket.readyState === WebSocket.OPEN) socket.close();
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
