// What `@k8slens/extensions` is in tests (test/hooks/lensTestHooks.mjs maps the import here). The
// real module cannot load outside the app: it needs Electron, then the app's injection container.
// Every stub takes its type from the real declarations, checked against OpenLens 6.5 and Freelens
// 1.x (tsconfig.json, tsconfig.freelens.json), so a stub cannot drift from what the hosts offer;
// each behaves as the host's does where a test can see it, and no further.
import React from 'react';
import type { Main as RealMain, Renderer as Real } from '@k8slens/extensions';
import type { LensJsonApi } from '../src/cluster/lensKubeRequests.js';

type RealComponent = typeof Real.Component;
type InstalledExtension = ConstructorParameters<typeof Real.LensExtension>[0];

/** What both halves get from the host at construction: the installed package's identity. */
class LensExtension {
  readonly id: string;
  readonly manifest: Real.LensExtension['manifest'];
  readonly manifestPath: string;
  readonly isBundled: boolean;

  constructor({ id, manifest, manifestPath, isBundled }: InstalledExtension) {
    this.id = id;
    // As the host's: an installed (not bundled) extension's manifest has `engines`.
    this.manifest = manifest as Real.LensExtension['manifest'];
    this.manifestPath = manifestPath;
    this.isBundled = isBundled;
  }

  get name(): string {
    return this.manifest.name;
  }

  get version(): string {
    return this.manifest.version;
  }

  // The host's lifecycle: `activate()` when the extension loads in a frame, `disable()` when it is
  // turned off or the frame goes; each calls the extension's hook.
  protected onActivate(): Promise<void> | void {}
  protected onDeactivate(): Promise<void> | void {}

  async activate(): Promise<void> {
    await this.onActivate();
  }

  async disable(): Promise<void> {
    await this.onDeactivate();
  }
}

type Registrations =
  | 'id'
  | 'manifest'
  | 'manifestPath'
  | 'isBundled'
  | 'name'
  | 'version'
  | 'globalPages'
  | 'clusterPages'
  | 'clusterPageMenus'
  | 'kubeObjectDetailItems'
  | 'kubeObjectMenuItems'
  | 'statusBarItems'
  | 'appPreferences';

/** The renderer's base class: the registration lists an extension fills in, empty by default. */
class RendererLensExtension extends LensExtension implements Pick<Real.LensExtension, Registrations> {
  globalPages: Real.LensExtension['globalPages'] = [];
  clusterPages: Real.LensExtension['clusterPages'] = [];
  clusterPageMenus: Real.LensExtension['clusterPageMenus'] = [];
  kubeObjectDetailItems: Real.LensExtension['kubeObjectDetailItems'] = [];
  kubeObjectMenuItems: Real.LensExtension['kubeObjectMenuItems'] = [];
  statusBarItems: Real.LensExtension['statusBarItems'] = [];
  appPreferences: Real.LensExtension['appPreferences'] = [];
}

class MainLensExtension
  extends LensExtension
  implements Pick<RealMain.LensExtension, 'id' | 'manifest' | 'name' | 'version'> {}

type RealKubeObject = Real.K8sApi.KubeObject;
type KubeJsonApiData = ConstructorParameters<typeof Real.K8sApi.KubeObject>[0];

/** The host's KubeObject: the API data's fields on the object, and the accessors panels call. */
class KubeObject implements Pick<
  RealKubeObject,
  'apiVersion' | 'kind' | 'metadata' | 'getId' | 'getName' | 'getNs'
> {
  apiVersion!: string;
  kind!: string;
  metadata!: RealKubeObject['metadata'];

  constructor(data: KubeJsonApiData) {
    // As the host's: refuses what is not an object with metadata, takes the rest as it is.
    if (typeof data !== 'object' || data === null)
      throw new TypeError(`Cannot create a KubeObject from ${typeof data}`);
    if (typeof data.metadata !== 'object' || data.metadata === null)
      throw new TypeError(`Cannot create a KubeObject from an object without metadata`);
    Object.assign(this, data);
  }

  getId(): string {
    return this.metadata.uid ?? this.metadata.selfLink;
  }

  getName(): string {
    return this.metadata.name;
  }

  getNs(): RealKubeObject['metadata']['namespace'] {
    return this.metadata.namespace || undefined;
  }
}

/** Class names as the hosts' `cssNames` joins them: strings, and the keys of truthy flags. */
function cssNames(...parts: Array<string | undefined | false | Record<string, unknown>>): string {
  const names: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && part) names.push(part);
    else if (part && typeof part === 'object')
      for (const [name, on] of Object.entries(part)) if (on) names.push(name);
  }
  return names.join(' ');
}

type PropsOf<C extends keyof RealComponent> =
  RealComponent[C] extends React.JSXElementConstructor<infer P> ? P : never;

// OpenLens 6.5's DrawerTitle renders its children and ignores the deprecated `title` prop.
const DrawerTitle: RealComponent['DrawerTitle'] = ({ className, children }) => (
  <div className={cssNames('DrawerTitle', className)}>{children}</div>
);

const DrawerItem: RealComponent['DrawerItem'] = ({ name, children, hidden, className }) =>
  hidden ? null : (
    <div className={cssNames('DrawerItem', className)}>
      <span className="name">{name}</span>
      <span className="value">{children}</span>
    </div>
  );

const isSvg: RealComponent['Icon']['isSvg'] = (content) => String(content).includes('<svg');

// The host draws `svg` as markup; the double keeps it as an attribute for tests to compare.
const Icon: RealComponent['Icon'] = Object.assign(
  ({ material, svg, className }: React.ComponentProps<RealComponent['Icon']>) => (
    <i className={cssNames('Icon', className)} data-material={material} data-svg={svg} />
  ),
  { isSvg },
);

// The hosts' Button: an anchor with `href`, else a button; `hidden` renders nothing.
const Button: RealComponent['Button'] = ({
  waiting,
  label,
  primary,
  accent,
  plain,
  hidden,
  active,
  big,
  round,
  outlined,
  light,
  children,
  tooltip: _tooltip,
  ...props
}) => {
  if (hidden) return null;
  const className = cssNames('Button', props.className, {
    waiting,
    primary,
    accent,
    plain,
    active,
    big,
    round,
    outlined,
    light,
  });
  return props.href ? (
    <a {...(props as React.AnchorHTMLAttributes<HTMLAnchorElement>)} className={className}>
      {label}
      {children}
    </a>
  ) : (
    <button type="button" {...props} className={className}>
      {label}
      {children}
    </button>
  );
};

const Badge: RealComponent['Badge'] = ({
  small,
  flat,
  label,
  expandable: _expandable,
  disabled,
  scrollable,
  className,
  children,
  tooltip: _tooltip,
  ...props
}) => (
  <div {...props} className={cssNames('Badge', className, { small, flat, disabled, scrollable })}>
    {label}
    {children}
  </div>
);

// As the hosts': a label around a native checkbox, whose change calls `onChange(checked, event)`.
const Checkbox: RealComponent['Checkbox'] = ({
  label,
  inline,
  className,
  value,
  children,
  onChange,
  disabled,
  ...props
}) => (
  <label className={cssNames('Checkbox flex align-center', className, { inline, checked: value, disabled })}>
    <input
      {...props}
      type="checkbox"
      checked={value}
      disabled={disabled}
      onChange={(evt) => onChange?.(evt.target.checked, evt)}
    />
    <i className="box flex align-center" />
    {label ? <span className="label">{label}</span> : null}
    {children}
  </label>
);

// The hosts' Spinner is a styled, empty div.
const Spinner = ({ center, singleColor, className, ...props }: PropsOf<'Spinner'>) => (
  <div {...props} className={cssNames('Spinner', className, { singleColor, center })} />
);

/**
 * The hosts' Table renders its head and its `TableRow` children, or `noItems` when it has no rows.
 * Found by element type, as the hosts do: a row wrapped in another component is not a row. Sorting
 * (`sortable`) and virtual scrolling (`virtual`) are the hosts' own and not reproduced here.
 */
function Table<Item>({
  className,
  children,
  noItems,
  scrollable = true,
  autoSize = true,
  selectable,
}: Real.Component.TableProps<Item>) {
  const content = React.Children.toArray(children).filter(React.isValidElement);
  const head = content.find((elem) => elem.type === TableHead);
  const rows = content.filter((elem) => elem.type === TableRow);
  return (
    <div className={cssNames('Table flex column', className, { selectable, scrollable, autoSize })}>
      {head}
      {rows.length === 0 && noItems ? noItems : rows}
    </div>
  );
}

const TableHead = ({
  className,
  sticky = true,
  nowrap,
  showTopLine,
  flat,
  children,
  ...props
}: PropsOf<'TableHead'>) => (
  <div
    className={cssNames('TableHead', className, { sticky, nowrap, topLine: showTopLine, flat })}
    {...props}
  >
    {children}
  </div>
);

const TableRow = ({
  className,
  nowrap,
  selected,
  disabled,
  children,
  sortItem: _sortItem,
  searchItem: _searchItem,
  testId,
  ...props
}: PropsOf<'TableRow'>) => (
  <div
    className={cssNames('TableRow', className, { selected, nowrap, disabled })}
    data-testid={testId}
    {...props}
  >
    {children}
  </div>
);

const TableCell = ({
  className,
  checkbox,
  isChecked: _isChecked,
  scrollable,
  sortBy: _sortBy,
  _sort,
  _sorting,
  _nowrap,
  children,
  title,
  showWithColumn: _showWithColumn,
  ...props
}: PropsOf<'TableCell'>) => (
  <div {...props} className={cssNames('TableCell', className, { checkbox, scrollable, nowrap: _nowrap })}>
    {title || children}
  </div>
);

interface TabsContextValue {
  readonly value?: unknown;
  readonly onChange?: (value: unknown) => void;
}
const TabsContext = React.createContext<TabsContextValue>({});

const Tabs = ({
  center,
  wrap,
  onChange,
  value,
  autoFocus: _autoFocus,
  scrollable = true,
  withBorder,
  className,
  ...props
}: Real.Component.TabsProps<unknown>) => (
  <TabsContext.Provider value={{ value, onChange: onChange as TabsContextValue['onChange'] }}>
    <div {...props} className={cssNames('Tabs', className, { center, wrap, scrollable, withBorder })} />
  </TabsContext.Provider>
);

// As the hosts' Tab: active when its value is the Tabs' value; a click on an inactive, enabled tab
// hands its value to the Tabs' onChange.
function Tab({
  active,
  disabled,
  icon,
  label,
  value,
  className,
  onClick,
  ...props
}: Real.Component.TabProps<unknown>) {
  const context = React.useContext(TabsContext);
  const isActive = typeof active === 'boolean' ? active : context.value === value;
  return (
    <div
      {...props}
      className={cssNames('Tab flex gaps align-center', className, { active: isActive, disabled })}
      tabIndex={0}
      role="tab"
      onClick={(evt) => {
        if (disabled || active) return;
        onClick?.(evt);
        context.onChange?.(value);
      }}
    >
      {typeof icon === 'string' ? <Icon small material={icon} /> : icon}
      <div className="label">{label}</div>
    </div>
  );
}

/**
 * The hosts' SearchInput is their Input with a search icon: `onChange(value, event)` on each change,
 * `onSubmit(value, event)` on Enter without a modifier. Its Ctrl/Cmd+F hotkey, auto-focus and
 * validation are not reproduced.
 */
const SearchInput: RealComponent['SearchInput'] = ({
  className,
  compact,
  onChange,
  onSubmit,
  onKeyDown,
  value,
  placeholder = 'Search...',
  onClear: _onClear,
  showClearIcon: _showClearIcon,
  bindGlobalFocusHotkey: _bindGlobalFocusHotkey,
  'aria-label': ariaLabel,
}) => (
  <div className={cssNames('Input', 'SearchInput', className, { compact })}>
    <input
      type="text"
      aria-label={ariaLabel}
      placeholder={placeholder}
      value={value}
      onChange={(evt) => onChange?.(evt.target.value, evt)}
      onKeyDown={(evt) => {
        onKeyDown?.(evt);
        if (evt.shiftKey || evt.metaKey || evt.altKey || evt.ctrlKey || evt.repeat) return;
        if (evt.key === 'Enter') onSubmit?.(evt.currentTarget.value, evt);
      }}
    />
  </div>
);

type AnySelectProps = Real.Component.SelectProps<unknown, Real.Component.SelectOption<unknown>, false>;

/**
 * The hosts' Select is react-select; here a native `<select>` stands in for one choice among
 * options (`isMulti` is not reproduced). As react-select, it calls `onChange(option, meta)` with
 * the option chosen, and shows the option whose `value` is the `value` prop.
 */
function Select(props: AnySelectProps) {
  const options: Real.Component.SelectOption<unknown>[] = (props.options as unknown[]).map((o) =>
    typeof o === 'string' ? { value: o, label: o } : (o as Real.Component.SelectOption<unknown>),
  );
  if (props.isMulti) throw new Error('the Lens API double has no multiple-choice Select');
  const selected = options.findIndex((o) => o.value === props.value);
  return (
    <select
      id={props.id}
      className={cssNames('Select', props.className)}
      aria-label={props['aria-label']}
      value={selected < 0 ? '' : String(selected)}
      onChange={(evt) => {
        const option = options[Number(evt.target.value)];
        if (option) props.onChange?.(option, { action: 'select-option', option });
      }}
    >
      {selected < 0 ? <option value="">{String(props.placeholder ?? '')}</option> : null}
      {options.map((o, i) => (
        <option key={i} value={String(i)} disabled={o.isDisabled}>
          {typeof o.label === 'string' || typeof o.label === 'number' ? o.label : String(o.value)}
        </option>
      ))}
    </select>
  );
}

// The hosts' MenuItem: a list item (an anchor with `href`) whose click calls `onClick`.
const MenuItem = ({
  className,
  disabled,
  active,
  spacer,
  icon,
  children,
  onClick,
  ...props
}: PropsOf<'MenuItem'>) => {
  const elemProps = {
    tabIndex: disabled || spacer ? -1 : 0,
    ...props,
    className: cssNames('MenuItem', className, { disabled, active, spacer }),
    onClick: (evt: React.MouseEvent) => {
      if (!spacer) onClick?.(evt as React.MouseEvent<HTMLElement>);
    },
  };
  const content = icon ? (
    <>
      <Icon {...(typeof icon === 'string' ? { material: icon } : icon)} /> {children}
    </>
  ) : (
    children
  );
  return props.href ? (
    <a {...(elemProps as React.AnchorHTMLAttributes<HTMLAnchorElement>)}>{content}</a>
  ) : (
    <li {...(elemProps as React.LiHTMLAttributes<HTMLLIElement>)}>{content}</li>
  );
};

type Notification = Parameters<RealComponent['notificationsStore']['add']>[0];
type ShownNotification = Notification & { readonly id: string | number };
type ShowNotification = RealComponent['Notifications']['ok'];

/**
 * The hosts' notification store: what `Notifications.ok/error/info` showed, newest last, until it
 * is closed. The hosts draw it in the window's corner; tests read `notifications`.
 */
class NotificationsStore {
  notifications: ShownNotification[] = [];
  private nextId = 0;

  add(notification: Notification): () => void {
    const id = notification.id ?? `notification-${++this.nextId}`;
    this.remove(id);
    this.notifications.push({ ...notification, id });
    return () => this.remove(id);
  }

  getById(id: string | number): ShownNotification | undefined {
    return this.notifications.find((n) => n.id === id);
  }

  remove(id: string | number): void {
    this.notifications = this.notifications.filter((n) => n.id !== id);
  }
}

const notificationsStore = new NotificationsStore();

function show(status: string): ShowNotification {
  return (message, opts = {}) =>
    notificationsStore.add({ message, status: status as Notification['status'], ...opts });
}

const Notifications: RealComponent['Notifications'] = {
  ok: show('ok'),
  error: show('error'),
  info: show('info'),
  shortInfo: (message, opts) => show('info')(message, { timeout: 5_000, ...opts }),
  checkedError: (error, fallback, opts) =>
    show('error')(
      error instanceof Error ? error.message : typeof error === 'string' ? error : fallback,
      opts,
    ),
};

type ConfirmParams = Real.Component.ConfirmDialogParams;

/** The one confirmation the window shows at a time, as the hosts keep it. */
const confirmation = {
  params: undefined as ConfirmParams | undefined,
  listeners: new Set<() => void>(),
  set(params: ConfirmParams | undefined): void {
    this.params = params;
    for (const listener of this.listeners) listener();
  },
};

/**
 * The hosts' ConfirmDialog: rendered once in the window (tests render it beside the component
 * under test), opened by `ConfirmDialog.open` or `ConfirmDialog.confirm` from anywhere. OK runs
 * `ok` (a failure is shown as an error notification, as the hosts do), Cancel runs `cancel`.
 */
const ConfirmDialogView = ({ className }: Real.Component.ConfirmDialogProps) => {
  const [, setVersion] = React.useState(0);
  React.useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    confirmation.listeners.add(listener);
    return () => void confirmation.listeners.delete(listener);
  }, []);
  const params = confirmation.params;
  if (!params) return null;
  const ok = async () => {
    try {
      await params.ok?.();
    } catch (error) {
      Notifications.error(
        `Confirmation action failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      confirmation.set(undefined);
    }
  };
  const cancel = async () => {
    try {
      await params.cancel?.();
    } finally {
      confirmation.set(undefined);
    }
  };
  return (
    <div className={cssNames('Dialog', 'ConfirmDialog', className)} data-testid="confirmation-dialog">
      <div className="confirm-content">
        {params.icon} {params.message}
      </div>
      <div className="confirm-buttons">
        <Button
          plain
          className="cancel"
          label={params.labelCancel ?? 'Cancel'}
          onClick={() => void cancel()}
        />
        <Button
          primary
          className="ok"
          label={params.labelOk ?? 'Ok'}
          data-testid="confirm"
          onClick={() => void ok()}
        />
      </div>
    </div>
  );
};

const ConfirmDialog: RealComponent['ConfirmDialog'] = Object.assign(ConfirmDialogView, {
  open: (params: ConfirmParams) => confirmation.set(params),
  confirm: (params: Real.Component.ConfirmDialogBooleanParams) =>
    new Promise<boolean>((resolve) =>
      confirmation.set({ ...params, ok: () => resolve(true), cancel: () => resolve(false) }),
    ),
});

type RealNavigation = typeof Real.Navigation;

// As the hosts': the details pane of an object is the `kube-details` parameter of the window's URL.
const getDetailsUrl: RealNavigation['getDetailsUrl'] = (
  selfLink,
  resetSelected = false,
  mergeGlobals = true,
) => {
  const params = new URLSearchParams(mergeGlobals ? window.location.search : '');
  params.set('kube-details', selfLink);
  if (resetSelected) params.delete('kube-selected');
  else params.set('kube-selected', params.get('kube-selected') ?? '');
  return `?${params}`;
};

const showDetails: RealNavigation['showDetails'] = (selfLink = '', resetSelected = true) => {
  window.history.pushState({}, '', `${window.location.pathname}${getDetailsUrl(selfLink, resetSelected)}`);
};

type JsonApiConfig = ConstructorParameters<typeof Real.K8sApi.KubeJsonApi>[0];

/** Where each cluster frame's proxy listens: set by a test (or the preview) for `forCluster`. */
const clusterProxies = new Map<string, string>();

/**
 * The host's `KubeJsonApi` as far as a raw answer goes: `getResponse` sends one request to
 * `serverAddress + apiBase + path` with the query, as the hosts' `JsonApi.getResponse` does, through
 * the standard `fetch` (the hosts use node-fetch: the same answer, its body a Node stream).
 * `forCluster(id)` addresses the cluster frame's proxy, which holds the user's credentials.
 */
class KubeJsonApi implements LensJsonApi {
  constructor(readonly config: JsonApiConfig) {}

  static forCluster(clusterId: string): KubeJsonApi {
    const serverAddress = clusterProxies.get(clusterId);
    if (!serverAddress) throw new Error(`no proxy for cluster ${clusterId}`);
    return new KubeJsonApi({ serverAddress, apiBase: '' });
  }

  getResponse: LensJsonApi['getResponse'] = (path, params, init = {}) => {
    const query = params?.query ?? {};
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const url = `${this.config.serverAddress}${this.config.apiBase}${path}${search ? `?${search}` : ''}`;
    return fetch(url, init);
  };
}

type RealCluster = NonNullable<ReturnType<typeof Real.Catalog.activeCluster.get>>;

/** The cluster a frame shows, as `Catalog.activeCluster` gives it: its id and name are what is read. */
export interface ClusterDouble {
  readonly id: string;
  readonly name: string;
}

let active: ClusterDouble | undefined;
const activeCluster: { get(): RealCluster | null } = {
  get: () =>
    active
      ? ({
          getId: () => active!.id,
          getName: () => active!.name,
          metadata: { uid: active.id, name: active.name },
        } as unknown as RealCluster)
      : null,
};

/** Test controls of the double: the frame's cluster and its proxy. */
export const lensDouble = {
  openClusterFrame(cluster: ClusterDouble, proxyAddress: string): void {
    active = cluster;
    clusterProxies.set(cluster.id, proxyAddress);
  },
  closeClusterFrame(): void {
    active = undefined;
  },
};

// Annotated because the declaration emit could not name the hosts' injectable types; each stub
// above is typed from the real declarations where it is defined.
export const Renderer: {
  readonly LensExtension: typeof RendererLensExtension;
  readonly Component: Readonly<Record<string, unknown>>;
  readonly K8sApi: { readonly KubeObject: typeof KubeObject; readonly KubeJsonApi: typeof KubeJsonApi };
  readonly Catalog: { readonly activeCluster: typeof activeCluster };
  readonly Navigation: Readonly<Record<string, unknown>>;
} = {
  LensExtension: RendererLensExtension,
  Component: {
    Badge,
    Button,
    Checkbox,
    ConfirmDialog,
    DrawerItem,
    DrawerTitle,
    Icon,
    MenuItem,
    Notifications,
    notificationsStore,
    SearchInput,
    Select,
    Spinner,
    Tab,
    Table,
    TableCell,
    TableHead,
    TableRow,
    Tabs,
  },
  K8sApi: { KubeObject, KubeJsonApi },
  Catalog: { activeCluster },
  Navigation: { getDetailsUrl, showDetails },
};

export const Main = { LensExtension: MainLensExtension };

export const Common = {};
