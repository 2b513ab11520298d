// Share links round-trip under Node (same CompressionStream API as the browser) and refuse damage.
import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeShare, encodeShare } from '../src/share.js';

test('a program survives the link', async () => {
  const src = 'print("héllo <b>")\nfor i in range(3):\n    print(i)\n';
  const hash = await encodeShare(src);
  assert.match(hash, /^#code=[A-Za-z0-9_-]+$/);
  assert.equal(await decodeShare(hash), src);
});

test('other fragments are not links', async () => {
  assert.equal(await decodeShare(''), null);
  assert.equal(await decodeShare('#top'), null);
});

test('damaged links throw', async () => {
  await assert.rejects(decodeShare('#code=<script>'));
  await assert.rejects(decodeShare('#code=AAAA'));
  const good = await encodeShare('x = 1\n');
  await assert.rejects(decodeShare(good.slice(0, good.length - 3)));
});
