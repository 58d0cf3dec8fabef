// SVG files are imported as their text: webpack's `asset/source`, and the test loader likewise.
declare module '*.svg' {
  const source: string;
  export default source;
}
