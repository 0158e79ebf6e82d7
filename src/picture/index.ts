// The picture engine: views of arrays → values per pixel (sampled, then refined; M4 envelopes for lines) → RGBA.
// No vscode and no Node-only import here except through the ByteSource a caller passes: the webview bundles it.
export * from './color';
export * from './geometry';
export * from './decode';
export * from './sample';
export * from './refine';
export * from './line';
export * from './image';
export * from './cache';
export * from './render';
export { encodePng, crc32, type Deflate } from './png';
