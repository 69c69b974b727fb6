import { createApp, defineComponent, ref, type GlobalComponents } from 'vue';
import 'mozarto-cashier/define';
import 'mozarto-cashier/vue';
import type { FinalStatus, MozartoCompleteEvent } from 'mozarto-cashier';

// What vue-tsc checks a template's <mozarto-cashier …> against (mozarto-cashier/vue).
type CashierProps = InstanceType<GlobalComponents['mozarto-cashier']>['$props'];
const cashier: CashierProps = { type: 'payin', currency: 'EUR', prefill: { email: 'ada@example.com' } };

const Deposit = defineComponent({
  setup() {
    const outcome = ref<FinalStatus | null>(null);
    const done = (e: MozartoCashierCompleteEvent) => (outcome.value = e.detail.status);
    return { cashier, outcome, done };
  },
  template: `
    <mozarto-cashier endpoint="/api/cashier" :type="cashier.type" :currency="cashier.currency"
      :prefill.prop="cashier.prefill" @mozarto-complete="done"></mozarto-cashier>
    <p v-if="outcome">Outcome: {{ outcome }}</p>`,
});
type MozartoCashierCompleteEvent = MozartoCompleteEvent;

const app = createApp(Deposit);
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('mozarto-');
app.mount('#app');
