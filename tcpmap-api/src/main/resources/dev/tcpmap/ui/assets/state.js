// The view's state, kept in the URL's query so that a view can be shared and reloaded.

const DEFAULTS = {
  view: 'map', mode: 'connections', group: 'pod', range: 'all', from: '', to: '',
  live: '', namespace: '', include: '', exclude: '', filter: '', q: '', sel: '', max: '',
};

export const VIEWS = ['map', 'tls', 'status'];
export const MODES = ['connections', 'bytes', 'duration'];
export const GROUPS = ['pod', 'workload', 'namespace'];
export const RANGES = { '5m': 300e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

export function read(search = location.search) {
  const params = new URLSearchParams(search);
  const state = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (params.has(key)) state[key] = params.get(key);
  }
  if (!VIEWS.includes(state.view)) state.view = DEFAULTS.view;
  if (!MODES.includes(state.mode)) state.mode = DEFAULTS.mode;
  if (!GROUPS.includes(state.group)) state.group = DEFAULTS.group;
  if (state.range !== 'all' && state.range !== 'custom' && !(state.range in RANGES)) state.range = 'all';
  return state;
}

/** The query string of {@code state}: only what differs from the defaults, in a fixed order. */
export function query(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(DEFAULTS)) {
    if (state[key] !== value && state[key] != null) params.set(key, state[key]);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function write(state, push = false) {
  const url = `${location.pathname}${query(state)}`;
  if (url !== `${location.pathname}${location.search}`) {
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }
}

/** The API's window for the state's range, at {@code now} (epoch ms). */
export function timeWindow(state, now = Date.now()) {
  if (state.range === 'custom') {
    return { from: state.from, to: state.to };
  }
  if (state.range in RANGES) {
    return { from: String(now - RANGES[state.range]), to: '' };
  }
  return { from: '', to: '' };
}
