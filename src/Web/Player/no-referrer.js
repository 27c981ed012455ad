// Nothing the replay loads from a recorded site may learn this page's address (a share link's URL is its token).
// The replay runs in rrweb's own about:blank document, which does not take this page's Referrer-Policy. A style
// sheet keeps the policy its document had when the sheet was parsed, so the policy must be set before rrweb inserts
// the rebuilt page: while the reopened document is still empty (rrweb's first built node), a
// <meta name="referrer" content="no-referrer"> is put in and taken out again (the policy stays). Every rebuilt
// head also gets that meta first, and every referrer rule of the recording's own (<meta name="referrer">,
// referrerpolicy attributes) becomes that one as it is built (before any of its images are fetched) or changed.
var REFERRER_RULES = 'meta[name],[referrerpolicy]';
export const noReferrer = {
  onBuild: function (node) { withoutReferrer(node); },
  handler: function (event, isSync, context) {
    var data = event.data;
    var doc = context.replayer.iframe && context.replayer.iframe.contentDocument;
    if (doc && doc.documentElement) emptiedWithPolicy.delete(doc);
    if (event.type !== 3 || !data || data.source !== 0 || !data.attributes || !data.attributes.length) return;
    if (doc) Array.prototype.forEach.call(doc.querySelectorAll(REFERRER_RULES), withoutReferrer);
  },
};

// The reopened documents that have had the policy set, until they hold a page again: rrweb builds a whole page
// before it attaches it, so each node built would otherwise put the meta in and take it out again, which took half
// of a seek into a large page (docs/benchmarks.md).
var emptiedWithPolicy = new WeakSet();
function withoutReferrer(node) {
  var doc = node.nodeType === 9 ? node : node.ownerDocument;
  if (doc && !doc.documentElement) {
    if (!emptiedWithPolicy.has(doc)) {
      var early = noReferrerMeta(doc);
      doc.appendChild(early);
      doc.removeChild(early);
      emptiedWithPolicy.add(doc);
    }
  } else if (doc) emptiedWithPolicy.delete(doc);
  if (node.nodeType === 9) { addNoReferrer(node, node.head); return; }
  if (node.nodeType !== 1) return;
  if (node.hasAttribute('referrerpolicy') && node.getAttribute('referrerpolicy') !== 'no-referrer') node.setAttribute('referrerpolicy', 'no-referrer');
  if (node.nodeName === 'META' && /^\s*referrer\s*$/i.test(node.getAttribute('name') || '') && node.getAttribute('content') !== 'no-referrer')
    node.setAttribute('content', 'no-referrer');
  if (node.nodeName === 'HEAD') addNoReferrer(node.ownerDocument, node);
}

function addNoReferrer(doc, head) {
  if (!doc || !head || head.querySelector('meta[data-replay-referrer]')) return;
  var meta = noReferrerMeta(doc);
  meta.setAttribute('data-replay-referrer', '');
  head.insertBefore(meta, head.firstChild);
}

function noReferrerMeta(doc) {
  var meta = doc.createElement('meta');
  meta.setAttribute('name', 'referrer');
  meta.setAttribute('content', 'no-referrer');
  return meta;
}
