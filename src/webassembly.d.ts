// The part of the WebAssembly API that dockerlint calls. Node has it globally, but @types/node 20 does not
// declare it (TypeScript's DOM library does, and dockerlint does not load that library).
declare namespace WebAssembly {
  // Opaque: a compiled module is only handed back to the Instance constructor.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Module {}
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type Imports = Record<string, Record<string, unknown>>;
  function compile(bytes: Uint8Array): Promise<Module>;
  const Instance: new (module: Module, imports?: Imports) => Instance;
}
