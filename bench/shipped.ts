/**
 * What bench/importers.ts measures, compiled as the command line ships (see compiledModules there): the per-file
 * check, and the decoder and ZIP reader its read+parse baseline uses, so that both sides run compiled code.
 */
export { processFile } from "../src/cli/pipeline";
export { decodeText } from "../src/importers/normalize";
export { entryData, zipEntries } from "../src/importers/zip";
export { forgetNarratives } from "../src/supervisor-checks";
