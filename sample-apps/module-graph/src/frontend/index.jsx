import React from 'react';
import ForgeReconciler, { Text } from '@forge/react';

const App = () => <Text>Report</Text>;

ForgeReconciler.render(<App />);
