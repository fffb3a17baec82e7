module.exports = { ...require('../../jest.preset'), displayName: 'incident' };
