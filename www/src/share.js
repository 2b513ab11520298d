// Share links: the program deflated (CompressionStream 'deflate-raw') and base64url-encoded in
// the URL fragment, which never reaches a server. Opening a link only loads text.

const PREFIX = '#code=';
/** Decompressed programs larger than this are refused (a link is not a zip bomb). */
const MAX_SOURCE = 512 * 1024;

function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link contains characters that are not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export async function encodeShare(source) {
  const stream = new Blob([source]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return PREFIX + toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** `null` when the fragment is not a share link; throws with a readable reason when it is broken. */
export async function decodeShare(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const packed = fromBase64Url(hash.slice(PREFIX.length));
  const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SOURCE) {
      await reader.cancel();
      throw new Error('the program in the link is larger than 512 KB');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
