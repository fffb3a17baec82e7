module.exports = { ...require('../../jest.preset'), displayName: 'config' };
