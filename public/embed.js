/*
 * Plenum's widget, on a media site's page. Add the iframe where the widget goes, and this script
 * once per page:
 *
 *   <iframe src="https://plenum.example/embed/<consultation>" title="Take part in the consultation"
 *           data-plenum-embed style="width: 100%; border: 0" height="600"></iframe>
 *   <script src="https://plenum.example/embed.js" async></script>
 *
 * The widget tells its page how tall it is; this script sizes its iframe to match, so that it
 * shows whole, without a scrollbar of its own. Only messages from the iframe's own window and
 * origin are believed. The site must be listed in the consultation's settings ("Sites allowed
 * to embed the widget"), or the browser refuses to show the widget.
 */
(function () {
  'use strict';
  if (window.plenumEmbed) return;
  window.plenumEmbed = true;

  var maxHeight = 20000;

  function widgets() {
    return Array.prototype.filter.call(document.getElementsByTagName('iframe'), function (frame) {
      return frame.hasAttribute('data-plenum-embed') || /\/embed\/[a-z0-9-]+(\?|$)/i.test(frame.src);
    });
  }

  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (error) {
      return null;
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'plenum:height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var frames = widgets();
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source || originOf(frame) !== event.origin) continue;
      frame.style.height = Math.max(0, Math.min(maxHeight, Math.ceil(data.height))) + 'px';
      return;
    }
  });

  // A widget that loaded before this script has already spoken: ask each one again.
  function ask() {
    widgets().forEach(function (frame) {
      var origin = originOf(frame);
      if (origin && frame.contentWindow) frame.contentWindow.postMessage({ type: 'plenum:ask-height' }, origin);
    });
  }
  ask();
  widgets().forEach(function (frame) {
    frame.addEventListener('load', ask);
  });
})();
