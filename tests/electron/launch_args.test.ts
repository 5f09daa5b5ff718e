import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePathFor, experimentFilesInArgv, userDataOverride } from '../../main/electron/launch_args';

const cwd = '/home/u/work';

describe('userDataOverride', () => {
  it('takes --user-data-dir in both spellings, resolved against the working folder', () => {
    expect(userDataOverride(['electron', '.', '--user-data-dir=/tmp/a'], {}, cwd)).toBe('/tmp/a');
    expect(userDataOverride(['app', '--user-data-dir', 'rel/b'], {}, cwd)).toBe(path.resolve(cwd, 'rel/b'));
  });

  it('falls back to AUTOGRAD_LAB_USER_DATA, and the switch wins over it', () => {
    expect(userDataOverride(['app'], { AUTOGRAD_LAB_USER_DATA: 'env-dir' }, cwd)).toBe(path.resolve(cwd, 'env-dir'));
    expect(userDataOverride(['app', '--user-data-dir=/s'], { AUTOGRAD_LAB_USER_DATA: '/e' }, cwd)).toBe('/s');
  });

  it('ignores an empty value, a missing value and anything after --', () => {
    expect(userDataOverride(['app', '--user-data-dir='], {}, cwd)).toBeUndefined();
    expect(userDataOverride(['app', '--user-data-dir', '--other'], {}, cwd)).toBeUndefined();
    expect(userDataOverride(['app', '--', '--user-data-dir=/x'], {}, cwd)).toBeUndefined();
    expect(userDataOverride(['app'], { AUTOGRAD_LAB_USER_DATA: '' }, cwd)).toBeUndefined();
  });
});

describe('databasePathFor', () => {
  it('puts the database in userData unless AUTOGRAD_LAB_DB names one', () => {
    expect(databasePathFor('/data/Autograd Lab', {}, cwd)).toBe('/data/Autograd Lab/experiments.sqlite');
    expect(databasePathFor('/data', { AUTOGRAD_LAB_DB: 'x.sqlite' }, cwd)).toBe(path.resolve(cwd, 'x.sqlite'));
  });
});

describe('experimentFilesInArgv', () => {
  it('picks exported experiment files, skipping switches and the user-data value', () => {
    const argv = ['/opt/lab/autograd-lab', '--no-sandbox', '--user-data-dir', 'x.autograd-lab.json', 'A.Autograd-Lab.JSON', '/abs/b.autograd-lab.json', 'notes.json'];
    expect(experimentFilesInArgv(argv, cwd)).toEqual([path.resolve(cwd, 'A.Autograd-Lab.JSON'), '/abs/b.autograd-lab.json']);
  });
});
