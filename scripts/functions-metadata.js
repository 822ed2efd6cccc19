/**
 * functions.json as Excel gets it: custom-functions-metadata-plugin writes `"allowCustomDataForDataTypeAny": true`
 * into it (a CustomFunctionsRuntime 1.4 feature for data types, which NIANBAO.* does not use). Reported to make every
 * function return #VALUE! on Office Professional Plus 2021 (office-js #3504) and to crash Office LTSC 2021 together
 * with allowErrorForDataTypeAny (office-js #4385): it is removed, at the top level and from every function.
 */
"use strict";

const DROPPED = ["allowCustomDataForDataTypeAny"];

/** The metadata text without the dropped keys (JSON in, JSON out, same indentation). */
function cleanFunctionsMetadata(text) {
  const metadata = JSON.parse(text);
  for (const key of DROPPED) delete metadata[key];
  for (const fn of metadata.functions ?? []) {
    for (const key of DROPPED) {
      delete fn[key];
      if (fn.options) delete fn.options[key];
    }
  }
  return JSON.stringify(metadata, null, 4);
}

module.exports = { cleanFunctionsMetadata, DROPPED };
