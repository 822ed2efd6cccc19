import { DomHandler, Parser } from "htmlparser2";
import { htmlContent, limitDepth, type DomNode, type HtmlContent } from "../../src/importers/html";

/**
 * The HTML reader as it was before parseDom built its own tree: htmlparser2's Parser and domhandler's DOM (the parse
 * stopped once elements nested deeper than 512, then the page read again without its deepest wrapping). The oracle
 * the light tree is compared against: both must give the reader the same page.
 */

const MAX_DEPTH = 512;
const OPTIONS = { decodeEntities: true };

class DepthLimitedHandler extends DomHandler {
  running?: Parser;
  deep = false;
  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    if (this.tagStack.length > MAX_DEPTH + 1 && !this.deep) {
      this.deep = true;
      this.running?.pause();
    }
  }
}

export function domhandlerDom(html: string): DomNode {
  const handler = new DepthLimitedHandler(
    undefined,
    OPTIONS as ConstructorParameters<typeof DomHandler>[1]
  );
  const parser = new Parser(handler, OPTIONS);
  handler.running = parser;
  parser.end(html);
  if (!handler.deep) return handler.root as unknown as DomNode;
  const again = new DomHandler(undefined, OPTIONS as ConstructorParameters<typeof DomHandler>[1]);
  new Parser(again, OPTIONS).end(limitDepth(html));
  return again.root as unknown as DomNode;
}

/** What the reader took from a page through domhandler's DOM. */
export function domhandlerContent(html: string): HtmlContent {
  return htmlContent(domhandlerDom(html));
}
