/** The address of a client's chart open on one tab (a value of `CHART_TABS` in chartTabs.tsx). */
export const chartTabPath = (clientId: string, tab: string) => `/clients/${clientId}?tab=${tab}`;
