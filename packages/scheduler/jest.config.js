module.exports = { ...require('../../jest.preset'), displayName: 'scheduler' };
