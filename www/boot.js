// The first script of the page, inlined into the <head> by the build (xtask's inline.rs, with its
// hash in the page's CSP): the VM's wasm is fetched as the HTML is parsed and compiles as it
// streams in, in parallel with the rest of the page; main.js instantiates the compiled module from
// `self.ferriteWasm`.
self.ferriteWasm = fetch('ferrite.wasm')
  .then((r) => {
    if (!r.ok) throw new Error(`ferrite.wasm: HTTP ${r.status}`);
    // compileStreaming needs the server to say application/wasm; otherwise compile the bytes.
    return r.headers.get('Content-Type') === 'application/wasm'
      ? WebAssembly.compileStreaming(r)
      : r.arrayBuffer().then((b) => WebAssembly.compile(b));
  })
  .then((module) => {
    performance.mark('ferrite-compiled');
    return module;
  });
self.ferriteWasm.catch(() => {}); // reported by main.js
