/**
 * Errors shaped like OfficeExtension.Error ("RichApi.Error"): `code`, `message`,
 * `debugInfo.{code,message,errorLocation}`, `traceMessages`, `innerError`.
 * Messages are the ones documented for the Excel JavaScript API error table.
 */

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  conflict: "Conflict",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  mergedRangeConflict: "MergedRangeConflict",
  nonBlankCellOffSheet: "NonBlankCellOffSheet",
  notImplemented: "NotImplemented",
  rangeExceedsLimit: "RangeExceedsLimit",
  requestAborted: "RequestAborted",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  unsupportedOperation: "UnsupportedOperation",
} as const;

/** OfficeExtension.ErrorCodes (client-side codes). */
export const OfficeExtensionErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidObjectPath: "InvalidObjectPath",
  invalidRequestContext: "InvalidRequestContext",
  itemNotFound: "ItemNotFound",
  propertyNotLoaded: "PropertyNotLoaded",
  runMustReturnPromise: "RunMustReturnPromise",
  valueNotLoaded: "ValueNotLoaded",
} as const;

const MESSAGES: Record<string, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  ApiNotFound: "The API you are trying to use could not be found.",
  Conflict: "Request could not be processed because of a conflict.",
  GeneralException: "There was an internal error while processing the request.",
  InsertDeleteConflict: "The insert or delete operation attempted resulted in a conflict.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidBinding: "This object binding is no longer valid due to previous updates.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  InvalidReference: "This reference is not valid for the current operation.",
  InvalidSelection: "The current selection is invalid for this operation.",
  ItemAlreadyExists: "The resource being created already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  NonBlankCellOffSheet:
    "Microsoft Excel can't insert new cells because it would push non-empty cells off the end of the worksheet.",
  NotImplemented: "The requested feature isn't implemented.",
  UnsupportedOperation: "The operation being attempted is not supported.",
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
};

/** Message used for writes to locked cells of a protected sheet (Excel's UI wording). */
export const PROTECTED_SHEET_MESSAGE =
  "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. You might be requested to enter a password.";

export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: FakeOfficeError | null = null;
  readonly httpStatusCode: number;

  constructor(code: string, message?: string, errorLocation?: string) {
    const msg = message ?? MESSAGES[code] ?? code;
    super(msg);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message: msg, ...(errorLocation ? { errorLocation } : {}) };
    this.httpStatusCode = code === "ItemNotFound" ? 404 : code === "AccessDenied" ? 403 : 400;
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

export function officeError(
  code: string,
  message?: string,
  errorLocation?: string
): FakeOfficeError {
  return new FakeOfficeError(code, message, errorLocation);
}

export function propertyNotLoaded(prop: string, location: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    location
  );
}

export const invalidArg = (location?: string, message?: string) =>
  officeError("InvalidArgument", message, location);
export const notFound = (location?: string) => officeError("ItemNotFound", undefined, location);
