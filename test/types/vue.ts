// Vue 3: GlobalComponents (mozarto-cashier/vue), as vue-tsc sees `<mozarto-cashier … @mozarto-complete>`.
import 'mozarto-cashier/vue';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['mozarto-cashier']>['$props'];
export const props: Props = {
  type: 'payin',
  prefill: { email: 'ada@example.com' },
  onMozartoComplete: (e) => void e.detail.status.toUpperCase(),
  onMozartoRedirect: (e) => void new URL(e.detail.url),
};
// @ts-expect-error `giveUpAfter` is a number
export const wrong: Props = { giveUpAfter: 'soon' };
