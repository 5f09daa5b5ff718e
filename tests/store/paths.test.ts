import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, resolveDatabasePath, resolveNativeBinding } from '../../main/store/index';

// Expected folders are Electron's documented app.getPath('appData') per OS,
// plus the productName "Autograd Lab".
describe('default database location (same folder as Electron userData)', () => {
  it('Linux: $XDG_CONFIG_HOME/Autograd Lab, else ~/.config/Autograd Lab', () => {
    expect(defaultDatabasePath({ platform: 'linux', env: {}, homedir: '/home/ada' })).toBe('/home/ada/.config/Autograd Lab/experiments.sqlite');
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homedir: '/home/ada' })).toBe('/xdg/Autograd Lab/experiments.sqlite');
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative' }, homedir: '/home/ada' })).toBe('/home/ada/.config/Autograd Lab/experiments.sqlite');
  });

  it('macOS: ~/Library/Application Support/Autograd Lab', () => {
    expect(defaultDatabasePath({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/ignored' }, homedir: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Autograd Lab/experiments.sqlite');
  });

  it('Windows: %APPDATA%\\Autograd Lab', () => {
    expect(defaultDatabasePath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, homedir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Autograd Lab\\experiments.sqlite');
  });

  it('--db wins over AUTOGRAD_LAB_DB, which wins over the default', () => {
    const p = { platform: 'linux' as const, env: { AUTOGRAD_LAB_DB: '/data/env.sqlite' }, homedir: '/home/ada' };
    expect(resolveDatabasePath('/data/flag.sqlite', p)).toBe('/data/flag.sqlite');
    expect(resolveDatabasePath(undefined, p)).toBe('/data/env.sqlite');
    expect(resolveDatabasePath('rel.sqlite', p)).toBe(path.resolve('rel.sqlite'));
    expect(resolveDatabasePath(undefined, { ...p, env: {} })).toBe('/home/ada/.config/Autograd Lab/experiments.sqlite');
  });
});

describe('native binding choice', () => {
  it('plain Node uses better-sqlite3 own build; an override env var wins', () => {
    expect(resolveNativeBinding({ versions: process.versions, env: {}, searchFrom: [] })).toBeUndefined();
    expect(resolveNativeBinding({ versions: process.versions, env: { AUTOGRAD_LAB_SQLITE_BINDING: '/x/b.node' }, searchFrom: [] })).toBe('/x/b.node');
  });
});
