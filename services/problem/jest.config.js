module.exports = { ...require('../../jest.preset'), displayName: 'problem' };
