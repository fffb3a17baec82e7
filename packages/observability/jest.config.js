module.exports = { ...require('../../jest.preset'), displayName: 'observability' };
