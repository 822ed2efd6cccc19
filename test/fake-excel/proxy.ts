/**
 * Proxy machinery shared by all fake API objects: the request queue, load(),
 * sync(), ClientResult, *OrNullObject and the PropertyNotLoaded rules.
 *
 * How it mirrors office.js:
 *  - property writes and method calls are queued as actions and run, in order,
 *    at the next context.sync(); errors surface there (ItemNotFound, AccessDenied,
 *    InvalidArgument...). Actions before the failing one stay applied; the rest
 *    of the batch is dropped and no loaded values are delivered.
 *  - an object path (getItem("x"), getUsedRange()...) is resolved when an action
 *    first uses it, then stays bound to that object (sheets by identity, ranges
 *    by sheet + address).
 *  - load() is an action too: values are read when it runs within the batch and
 *    become readable after the sync resolves. Reading anything else throws
 *    PropertyNotLoaded. A value you set on a proxy is readable right away.
 *  - *OrNullObject proxies resolve at the next sync even without load();
 *    isNullObject throws until then.
 *  - sync() is asynchronous: nothing is applied before the returned promise
 *    settles (so a missing `await` is caught).
 */
import { FakeOfficeError, officeError, propertyNotLoaded } from "./errors";
import type { HostProfile } from "./host-profile";
import type { Book } from "./model";

export interface Engine {
  book: Book;
  /** The host the fake stands for: calls above it fail the sync with ApiNotFound (host.ts). None: everything. */
  profile?: HostProfile;
  syncs: number;
  writes: WriteRecord[];
  pendingFailure: FakeOfficeError | null;
}

export interface WriteRecord {
  sync: number;
  op: string;
  target: string;
}

interface Action {
  loc: string;
  run(deliveries: Array<() => void>): void;
}

export class RequestContext {
  readonly workbook: unknown;
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };
  readonly debugInfo = {};
  /** @internal */ _queue: Action[] = [];
  /** @internal */ _closed = false;
  /** @internal */ readonly _engine: Engine;

  constructor(engine: Engine, makeWorkbook: (ctx: RequestContext) => unknown) {
    this._engine = engine;
    this.workbook = makeWorkbook(this);
  }

  /** @internal */
  _enqueue(action: Action) {
    if (this._closed)
      throw officeError(
        "InvalidRequestContext",
        "The request context is no longer valid: Excel.run has already completed (fake-excel rejects late queueing).",
        action.loc
      );
    const profile = this._engine.profile;
    if (profile) {
      const [type, member] = action.loc.split(".");
      if (profile.api && !profile.api.has(type, member)) action = refused(action.loc);
    }
    this._queue.push(action);
  }

  /** Legacy context.load(object, props). */
  load<T extends { load(spec?: unknown): T }>(object: T, spec?: unknown): T {
    return object.load(spec);
  }

  async sync<T>(passThroughValue?: T): Promise<T | undefined> {
    if (this._closed) throw officeError("InvalidRequestContext", undefined, "RequestContext.sync");
    const batch = this._queue;
    this._queue = [];
    const engine = this._engine;
    engine.syncs++;
    const syncNo = engine.syncs;
    await Promise.resolve(); // the round trip: nothing happens before the caller awaits
    if (engine.pendingFailure) {
      const e = engine.pendingFailure;
      engine.pendingFailure = null;
      throw e;
    }
    const deliveries: Array<() => void> = [];
    for (const action of batch) {
      try {
        currentSync = syncNo;
        action.run(deliveries);
      } catch (e) {
        if (e instanceof FakeOfficeError) throw e;
        throw officeError("GeneralException", String((e as Error)?.message ?? e), action.loc);
      } finally {
        currentSync = 0;
      }
    }
    for (const d of deliveries) d();
    return passThroughValue;
  }
}

let currentSync = 0;

/** An action the host does not know: the sync fails with ApiNotFound (host.ts). */
function refused(loc: string): Action {
  return {
    loc,
    run: () => {
      throw apiNotFound(loc);
    },
  };
}

function apiNotFound(loc: string) {
  return officeError(
    "ApiNotFound",
    "The API you are trying to use could not be found. It may be available in a newer version of the Office application. See Office client application and platform availability for Office Add-ins for more information.",
    loc
  );
}

/** Methods every client object has (load, set, toJSON, track …): never restricted by a profile. */
const BASE_METHODS = new Set(["load", "set", "toJSON", "track", "untrack", "constructor"]);

export function recordWrite(engine: Engine, op: string, target: string) {
  engine.writes.push({ sync: currentSync || engine.syncs, op, target });
}

// ---------------------------------------------------------------- load specs

export interface LoadTree {
  all: boolean;
  props: Set<string>;
  navs: Map<string, LoadTree>;
}

const emptyTree = (all = false): LoadTree => ({ all, props: new Set(), navs: new Map() });

function addPath(tree: LoadTree, path: string) {
  const parts = path
    .split("/")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return;
  let node = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    let next = node.navs.get(parts[i]);
    if (!next) node.navs.set(parts[i], (next = emptyTree()));
    node = next;
  }
  node.props.add(parts[parts.length - 1]);
}

export function parseLoadSpec(spec: unknown): LoadTree {
  if (spec === undefined || spec === null) return emptyTree(true);
  const tree = emptyTree();
  const addList = (s: string) => s.split(",").forEach((p) => addPath(tree, p));
  if (typeof spec === "string") addList(spec);
  else if (Array.isArray(spec)) spec.forEach((p) => typeof p === "string" && addList(p));
  else if (typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if (typeof o.select === "string" || typeof o.expand === "string") {
      if (typeof o.select === "string") addList(o.select);
      if (typeof o.expand === "string")
        o.expand.split(",").forEach((p) => p.trim() && addPath(tree, p));
    } else {
      const walk = (obj: Record<string, unknown>, prefix: string) => {
        for (const [k, v] of Object.entries(obj)) {
          if (k === "$all" && v === true) {
            if (!prefix) tree.all = true;
            else addPath(tree, prefix.slice(0, -1));
          } else if (k.startsWith("$")) continue;
          else if (v === true) addPath(tree, prefix + k);
          else if (v && typeof v === "object") walk(v as Record<string, unknown>, prefix + k + "/");
        }
      };
      walk(o, "");
    }
  } else throw officeError("InvalidArgument", undefined, "load");
  if (!tree.all && tree.props.size === 0 && tree.navs.size === 0) tree.all = true;
  return tree;
}

// ---------------------------------------------------------------- ClientResult

export class ClientResult<T> {
  /** @internal */ _loaded = false;
  /** @internal */ _value: T | undefined;
  get value(): T {
    if (!this._loaded) throw officeError("ValueNotLoaded", undefined, "ClientResult.value");
    return this._value as T;
  }
}

// ---------------------------------------------------------------- ClientObject

export const PARENT_NULL = Symbol("parent-null");

export interface PropDef<H> {
  get?: (h: H, book: Book) => unknown;
  set?: (h: H, value: any, book: Book) => void;
  /** Not part of a parameterless load(). */
  noDefault?: boolean;
}

export interface NavDef<H> {
  make: (self: ClientObject<H>) => ClientObject<any>;
}

type Resolver<H> = (book: Book, loc: string) => H | null | typeof PARENT_NULL;

function snapshot<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map(snapshot) as T;
  if (Object.getPrototypeOf(v) !== Object.prototype) return v; // proxies etc.
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = snapshot(x);
  return out as T;
}

export abstract class ClientObject<H> {
  readonly context: RequestContext;
  /** @internal */ _cache = new Map<string, unknown>();
  /** @internal */ _children = new Map<string, ClientObject<any>>();
  /** @internal */ _bound: H | undefined;
  /** @internal */ _isNull: boolean | undefined;
  /** @internal */ readonly _nullable: boolean;
  /** @internal method that created this object, reported by ItemNotFound */ readonly _origin:
    string | undefined;
  /** @internal */ private readonly _resolver: Resolver<H>;

  /** API type name, e.g. "Range" (used in error locations). */
  get _type(): string {
    return "ClientObject";
  }
  /** Scalar property table. */
  get _props(): Record<string, PropDef<H>> {
    return {};
  }
  /** Navigation properties (format, font, protection, ...). */
  get _navs(): Record<string, NavDef<H>> {
    return {};
  }

  constructor(
    context: RequestContext,
    resolver: Resolver<H>,
    opts: { nullable?: boolean; bound?: H; origin?: string } = {}
  ) {
    this.context = context;
    this._resolver = resolver;
    this._nullable = !!opts.nullable;
    this._origin = opts.origin;
    if (opts.bound !== undefined) this._bound = opts.bound;
    if (this._nullable) {
      // *OrNullObject: isNullObject is populated by the next sync even without load().
      context._enqueue({ loc: `${this._type}.isNullObject`, run: (d) => void this._handle(d) });
    }
    const gate = context._engine.profile?.api;
    if (gate) {
      // A method the host lacks still returns its proxy (office.js has it), but the request fails at the sync.
      return new Proxy(this, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (
            typeof prop !== "string" ||
            typeof value !== "function" ||
            prop.startsWith("_") ||
            BASE_METHODS.has(prop) ||
            gate.has(target._type, prop)
          )
            return value;
          const loc = `${target._type}.${prop}`;
          return (...args: unknown[]) => {
            context._queue.push(refused(loc));
            return (value as (...a: unknown[]) => unknown).apply(receiver, args);
          };
        },
      });
    }
  }

  get isNullObject(): boolean {
    if (!this._nullable) return false;
    if (this._isNull === undefined)
      throw propertyNotLoaded("isNullObject", `${this._type}.isNullObject`);
    return this._isNull;
  }

  /** Is a bound handle still valid (e.g. the sheet was not deleted)? */
  protected _alive(h: H): boolean {
    const x = h as { deleted?: boolean; sheet?: { deleted?: boolean } };
    return !(x && typeof x === "object" && (x.deleted || x.sheet?.deleted));
  }

  /** Resolve this object's path (during a sync). null = null object. */
  _handle(deliveries?: Array<() => void>, loc = this._type): H | null {
    const book = this.context._engine.book;
    if (this._bound !== undefined) {
      if (!this._alive(this._bound)) throw officeError("ItemNotFound", undefined, loc);
      return this._bound;
    }
    if (this._isNull === true) return null;
    const h = this._resolver(book, loc);
    if (h === PARENT_NULL || h === null) {
      if (h === null && !this._nullable)
        throw officeError("ItemNotFound", undefined, this._origin ?? loc);
      if (deliveries) deliveries.push(() => (this._isNull = true));
      else this._isNull = true;
      return null;
    }
    this._bound = h;
    if (this._nullable) {
      if (deliveries) deliveries.push(() => (this._isNull = false));
      else this._isNull = false;
    }
    return h;
  }

  /** @internal read a property through the PropertyNotLoaded rules. */
  _read(name: string): unknown {
    if (this._cache.has(name)) return this._cache.get(name);
    throw propertyNotLoaded(name, `${this._type}.${name}`);
  }

  /** @internal queue a property write. */
  _write(name: string, value: unknown) {
    const def = this._props[name];
    const v = snapshot(value);
    const loc = `${this._type}.${name}`;
    this._enqueue(loc, (h, book) => {
      def.set!(h, v, book);
      recordWrite(this.context._engine, loc, this._describe(h, book));
    });
    this._cache.set(name, v);
  }

  /** @internal queue an action against the resolved handle; skipped for null objects. */
  _enqueue(loc: string, fn: (h: H, book: Book, deliveries: Array<() => void>) => void) {
    this.context._enqueue({
      loc,
      run: (d) => {
        const h = this._handle(d, loc);
        if (h === null) return;
        fn(h, this.context._engine.book, d);
      },
    });
  }

  /** @internal queue a mutating method call. */
  _method(name: string, fn: (h: H, book: Book) => void) {
    const loc = `${this._type}.${name}`;
    this._enqueue(loc, (h, book) => {
      const target = this._describe(h, book);
      fn(h, book);
      recordWrite(this.context._engine, loc, target);
    });
  }

  /** @internal queue a method returning a ClientResult. */
  _result<T>(name: string, fn: (h: H, book: Book) => T): ClientResult<T> {
    const r = new ClientResult<T>();
    this._enqueue(`${this._type}.${name}`, (h, book, d) => {
      const v = snapshot(fn(h, book));
      d.push(() => {
        r._value = v;
        r._loaded = true;
      });
    });
    return r;
  }

  /** @internal human-readable target for the write log. */
  _describe(_h: H, _book: Book): string {
    return this._type;
  }

  /** @internal navigation child (created once, shares this object's handle unless the nav maps it). */
  _nav<C extends ClientObject<any>>(name: string): C {
    let c = this._children.get(name);
    if (!c) {
      c = this._navs[name].make(this);
      this._children.set(name, c);
    }
    return c as C;
  }

  load(spec?: unknown): this {
    const tree = parseLoadSpec(spec);
    const loc = `${this._type}.load`;
    this.context._enqueue({
      loc,
      run: (d) => {
        const h = this._handle(d, loc); // null objects load as nulls
        d.push(this._collect(h, tree, this.context._engine.book));
      },
    });
    return this;
  }

  /** @internal read the requested values now; return a thunk that publishes them. */
  _collect(h: H | null, tree: LoadTree, book: Book): () => void {
    const props = this._props;
    const navs = this._navs;
    const names = tree.all
      ? Object.keys(props).filter((k) => props[k].get && !props[k].noDefault)
      : [...tree.props];
    const values = new Map<string, unknown>();
    const thunks: Array<() => void> = [];
    const gate = this.context._engine.profile?.api;
    if (gate)
      for (const name of [...(tree.all ? [] : names), ...tree.navs.keys()])
        if (!gate.has(this._type, name)) throw apiNotFound(`${this._type}.${name}`);
    for (const name of names) {
      if (navs[name]) {
        thunks.push(this._nav(name)._collectFromParent(h, emptyTree(true), book));
        continue;
      }
      const def = props[name];
      if (!def?.get)
        throw officeError(
          "InvalidArgument",
          `Cannot load the property '${name}' of ${this._type}: no such property.`,
          `${this._type}.load`
        );
      values.set(name, h === null ? null : snapshot(def.get(h, book)));
    }
    for (const [nav, sub] of tree.navs) {
      if (!navs[nav])
        throw officeError(
          "InvalidArgument",
          `Cannot load '${nav}' of ${this._type}: no such navigation property.`,
          `${this._type}.load`
        );
      thunks.push(this._nav(nav)._collectFromParent(h, sub, book));
    }
    return () => {
      for (const [k, v] of values) this._cache.set(k, v);
      thunks.forEach((t) => t());
    };
  }

  /** @internal collect for a navigation child given the parent's handle. */
  _collectFromParent(parent: unknown, tree: LoadTree, book: Book): () => void {
    return this._collect(parent === null ? null : this._handle(undefined), tree, book);
  }

  /** Set several properties at once, mirroring the object's shape. */
  set(properties: Record<string, unknown>): void {
    if (properties instanceof ClientObject)
      properties = properties.toJSON() as Record<string, unknown>;
    for (const [k, v] of Object.entries(properties ?? {})) {
      if (this._navs[k] && v && typeof v === "object" && !Array.isArray(v))
        this._nav(k).set(v as Record<string, unknown>);
      else if (this._props[k]?.set) (this as unknown as Record<string, unknown>)[k] = v;
      else
        throw officeError(
          "InvalidArgument",
          `Cannot set the read-only or unknown property '${k}'.`,
          `${this._type}.set`
        );
    }
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._cache)
      out[k] =
        v instanceof ClientObject
          ? v.toJSON()
          : Array.isArray(v) && v[0] instanceof ClientObject
            ? v.map((x) => x.toJSON())
            : v;
    for (const [k, c] of this._children) {
      const j = c.toJSON();
      if (Object.keys(j).length) out[k] = j;
    }
    return out;
  }

  /** Excel.run tracking API: no-ops. */
  track(): this {
    return this;
  }
  untrack(): this {
    return this;
  }
}

/** Install getters/setters for a props table on a class prototype. */
export function defineProps(cls: { prototype: object }, props: Record<string, PropDef<any>>) {
  for (const [name, def] of Object.entries(props)) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: ClientObject<unknown>) {
        return this._read(name);
      },
      set: def.set
        ? function (this: ClientObject<unknown>, v: unknown) {
            this._write(name, v);
          }
        : undefined,
    });
  }
}

export function defineNavs(cls: { prototype: object }, names: string[]) {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: ClientObject<unknown>) {
        return this._nav(name);
      },
    });
  }
}

// ---------------------------------------------------------------- collections

export abstract class Collection<H, IH> extends ClientObject<H> {
  abstract _list(h: H, book: Book): IH[];
  abstract _item(ih: IH): ClientObject<IH>;

  get items(): ClientObject<IH>[] {
    return this._read("items") as ClientObject<IH>[];
  }

  override _collect(h: H | null, tree: LoadTree, book: Book): () => void {
    // Everything requested on a collection applies to its items ("items/name" or "name").
    const itemTree: LoadTree = { all: tree.all, props: new Set(), navs: new Map(tree.navs) };
    for (const p of tree.props) if (p !== "items") itemTree.props.add(p);
    const itemsNav = tree.navs.get("items");
    if (itemsNav) {
      itemTree.navs.delete("items");
      itemsNav.props.forEach((p) => itemTree.props.add(p));
      itemsNav.navs.forEach((v, k) => itemTree.navs.set(k, v));
      if (itemsNav.all) itemTree.all = true;
    }
    if (tree.props.has("items") && itemTree.props.size === 0 && itemTree.navs.size === 0)
      itemTree.all = true;
    if (!itemTree.all && itemTree.props.size === 0 && itemTree.navs.size === 0) itemTree.all = true;
    const handles = h === null ? [] : this._list(h, book);
    const collected = handles.map((ih) => {
      const proxy = this._item(ih);
      return { proxy, thunk: proxy._collect(ih, itemTree, book) };
    });
    return () => {
      collected.forEach((c) => c.thunk());
      this._cache.set(
        "items",
        collected.map((c) => c.proxy)
      );
    };
  }

  getCount(): ClientResult<number> {
    return this._result("getCount", (h, book) => this._list(h, book).length);
  }
}
