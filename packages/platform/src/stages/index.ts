export { runValidateStage, type ValidateStageInputs } from './validate.js';
