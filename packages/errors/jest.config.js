module.exports = { ...require('../../jest.preset'), displayName: 'errors' };
