module.exports = { ...require('../../jest.preset'), displayName: 'analytics' };
