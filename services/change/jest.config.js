module.exports = { ...require('../../jest.preset'), displayName: 'change' };
