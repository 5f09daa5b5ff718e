/**
 * bind() for methods of Python classes (SGD.__init__, Optimizer.zero_grad,
 * MSELoss.forward): CPython counts `self` among the positional arguments in
 * its "takes N positional arguments" TypeError, and says "from A to B" when
 * some have defaults.
 */
import { bind } from './args';
import { typeError } from './errors';
import type { Kwargs, PyValue } from './values';

export function bindMethod(qualname: string, params: readonly string[], args: readonly PyValue[], kwargs: Kwargs): Map<string, PyValue | undefined> {
  const star = params.indexOf('*');
  const positional = star === -1 ? params : params.slice(0, star);
  if (args.length > positional.length) {
    const most = positional.length + 1;
    const least = positional.filter((p) => !p.endsWith('=')).length + 1;
    const takes = least === most ? `${most} positional argument${most === 1 ? '' : 's'}` : `from ${least} to ${most} positional arguments`;
    throw typeError(`${qualname}() takes ${takes} but ${args.length + 1} were given`);
  }
  return bind(qualname, params, args, kwargs);
}
