/**
 * Public names of torch.optim and of the objects the lab's classes make
 * (optimizers, loss modules), listed with dir() from torch 1.13 as
 * pytorch_names.ts lists the namespaces it covers (`()` after methods), plus
 * what 2.x added (AdamW and friends were already there). knownName() reads
 * both tables, so `opt.state_dict()` or `torch.optim.AdamW` is "not supported"
 * while a misspelt name is Python's AttributeError.
 */
const OPTIMIZER = 'add_param_group() defaults load_state_dict() param_groups register_load_state_dict_post_hook() ' +
  'register_load_state_dict_pre_hook() register_state_dict_post_hook() register_state_dict_pre_hook() ' +
  'register_step_post_hook() register_step_pre_hook() state state_dict() step() zero_grad()';

const MODULE = 'T_destination add_module() apply() bfloat16() buffers() children() compile() cpu() cuda() double() ' +
  'dump_patches eval() extra_repr() float() forward() get_buffer() get_extra_state() get_parameter() get_submodule() ' +
  'half() ipu() load_state_dict() modules() mtia() named_buffers() named_children() named_modules() named_parameters() ' +
  'parameters() reduction register_backward_hook() register_buffer() register_forward_hook() register_forward_pre_hook() ' +
  'register_full_backward_hook() register_full_backward_pre_hook() register_load_state_dict_post_hook() ' +
  'register_load_state_dict_pre_hook() register_module() register_parameter() register_state_dict_post_hook() ' +
  'register_state_dict_pre_hook() requires_grad_() set_extra_state() set_submodule() share_memory() state_dict() to() ' +
  'to_empty() train() training type() xpu() zero_grad()';

export const LAB_CLASS_NAMES: Readonly<Record<string, string>> = {
  'torch.optim':
    'ASGD Adadelta Adafactor Adagrad Adam AdamW Adamax LBFGS NAdam Optimizer RAdam RMSprop Rprop SGD SparseAdam ' +
    'lr_scheduler swa_utils',
  SGD: OPTIMIZER,
  Adam: OPTIMIZER,
  MSELoss: MODULE,
  L1Loss: MODULE,
  BCEWithLogitsLoss: `${MODULE} pos_weight weight`,
};
