// The first script of the page (an async classic one in <head>: it never holds the HTML parser,
// and runs as soon as it arrives): the VM's wasm, already downloading through the page's
// `<link rel=preload>`, starts compiling now, in parallel with the page's bundle, which picks the
// compiled module up from `self.ferriteWasm` (main.js, which bundles this file too: whichever
// runs first starts the compile).
self.ferriteWasm ??= fetch('ferrite.wasm')
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
