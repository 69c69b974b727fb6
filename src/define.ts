/** Side-effect entry: registers `<mozarto-cashier>` (tolerates a second registration). */
export * from './widget/define.js';
