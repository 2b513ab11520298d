// The first script of the page (a classic one in <head>, run as soon as it is parsed): the VM's
// wasm starts downloading and compiling now, in parallel with the page's bundle, which picks the
// compiled module up from `self.ferriteWasm` (main.js). Compiling is most of the time to the prompt.
self.ferriteWasm = fetch('ferrite.wasm').then((r) => {
  if (!r.ok) throw new Error(`ferrite.wasm: HTTP ${r.status}`);
  // compileStreaming needs the server to say application/wasm; otherwise compile the bytes.
  return r.headers.get('Content-Type') === 'application/wasm'
    ? WebAssembly.compileStreaming(r)
    : r.arrayBuffer().then((b) => WebAssembly.compile(b));
});
self.ferriteWasm.catch(() => {}); // reported by main.js
